package ai.rodytech.healer.core.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SecretRedactorTest {
  private static final SecretRedactor REDACTOR = new SecretRedactor();

  /** One row of redaction/secrets.yaml. */
  record Sample(String kind, String input, List<String> secret, List<String> keep) {
    @Override
    public String toString() {
      return kind + ": " + input.lines().findFirst().orElse("");
    }
  }

  static Stream<Sample> secrets() throws IOException {
    try (InputStream in = resource("redaction/secrets.yaml")) {
      List<Sample> samples = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<>() {});
      return samples.stream();
    }
  }

  static List<String> nearMisses() {
    return SecretSamples.nearMisses();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void masksTheSecretAndKeepsItsContext(Sample sample) {
    String out = REDACTOR.redact(sample.input());

    assertThat(out).contains("[REDACTED:" + sample.kind() + "]");
    sample.secret().forEach(secret -> assertThat(out).doesNotContain(secret));
    sample.keep().forEach(context -> assertThat(out).contains(context));
    assertThat(out.lines().count()).as("line count").isEqualTo(sample.input().lines().count());
    assertThat(REDACTOR.redact(out)).as("redacting twice changes nothing").isEqualTo(out);
  }

  @ParameterizedTest
  @MethodSource("nearMisses")
  void leavesLookAlikesUnchanged(String line) {
    assertThat(REDACTOR.redact(line)).isEqualTo(line);
  }

  @Test
  void aWholeLogKeepsItsLineNumbers() throws IOException {
    String log =
        secrets().map(Sample::input).map(s -> s.endsWith("\n") ? s : s + "\n").reduce("", String::concat);

    String out = REDACTOR.redact(log);

    assertThat(out.split("\n", -1)).hasSameSizeAs(log.split("\n", -1));
    secrets().flatMap(s -> s.secret().stream()).forEach(secret -> assertThat(out).doesNotContain(secret));
  }

  @Test
  void masksKnownValuesInEveryForm() {
    String pagerDutyKey = "R0ut1ngKeyFromTheSecret42";
    String multiLine = "line-one-of-a-value\nline-two-of-a-value";
    Redactor redactor = SecretRedactor.withKnownValues(List.of(pagerDutyKey, multiLine, "admin", ""));
    String text =
        "routing key "
            + pagerDutyKey
            + " (base64 "
            + Base64.getEncoder().encodeToString(pagerDutyKey.getBytes(StandardCharsets.UTF_8))
            + ")\nseen line-two-of-a-value alone\nuser admin logged in";

    String out = redactor.redact(text);

    assertThat(out)
        .isEqualTo(
            "routing key [REDACTED:known-secret] (base64 [REDACTED:known-secret])\n"
                + "seen [REDACTED:known-secret] alone\nuser admin logged in");
  }

  @Test
  void knownValuesAddToThePatterns() {
    Redactor redactor = SecretRedactor.withKnownValues(List.of("s3cr3t-from-k8s"));

    assertThat(redactor.redact("token=abcdefgh1234 then s3cr3t-from-k8s"))
        .isEqualTo("token=[REDACTED:secret-assignment] then [REDACTED:known-secret]");
  }

  @Test
  void nullAndEmptyPassThrough() {
    assertThat(REDACTOR.redact(null)).isNull();
    assertThat(REDACTOR.redact("")).isEmpty();
  }

  /**
   * Inputs that make a naive pattern backtrack without end: long runs that almost match, many openings
   * without a close. Each is about 1 MB: a linear scan takes milliseconds, while a naive pattern (a lazy
   * "BEGIN[\s\S]*?END", or "[\w.-]*password[\w.-]*\s*=") is quadratic here and would run for hours.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pathological")
  void pathologicalInputsFinishQuickly(String name, String input) {
    String out = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> REDACTOR.redact(input));
    assertThat(out).isNotNull();
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> pathological() {
    int n = 100_000;
    return Stream.of(
        args("BEGIN lines without END", "-----BEGIN RSA PRIVATE KEY-----\n".repeat(n / 2)),
        args("END lines after base64", ("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n-----END PRIVATE KEY-----\n").repeat(n / 4)),
        args("one long key-like word without separator", "a_password".repeat(n)),
        args("many keys and separators, no value", "password=".repeat(n)),
        args("unterminated quoted value", "password=\"" + "x\\".repeat(n)),
        args("scheme without credentials", "https://" + "user:".repeat(n)),
        args("user info without @", "https://u:" + "p".repeat(n * 5)),
        args("JWT prefixes", "eyJhbGciOi.".repeat(n)),
        args("bearer words", "Bearer ".repeat(n)),
        args("authorization headers", "Authorization: ".repeat(n)),
        args("env entry without value", "- name: DB_PASSWORD\n".repeat(n / 2)),
        args("base64 run", "QUJD".repeat(n * 2)),
        args("tilde run", "abc8Q~".repeat(n)));
  }

  /** No time bound here (it would be flaky on a loaded machine); the pathological inputs above bound time. */
  @Test
  void tenMegabytesOfLogAreRedacted() {
    StringBuilder log = new StringBuilder(11 * 1024 * 1024);
    String chunk =
        "2024-05-14T09:12:03.123Z [INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/x/1.0/x-1.0.jar\n"
            + "2024-05-14T09:12:03.456Z [INFO] Tests run: 42, Failures: 0, Errors: 0, Skipped: 1, commit 9fceb02d0ae598e95dc970b74767f19372d61af8\n"
            + "+ export DB_PASSWORD=hunter2hunter2 && curl -H \"Authorization: Bearer abcdefghijklmnopqrstuvwxyz\" https://api\n";
    while (log.length() < 10 * 1024 * 1024) {
      log.append(chunk);
    }
    String text = log.toString();

    String out = REDACTOR.redact(text);

    assertThat(out).doesNotContain("hunter2hunter2").doesNotContain("abcdefghijklmnopqrstuvwxyz");
    assertThat(out.lines().count()).isEqualTo(text.lines().count());
  }

  private static org.junit.jupiter.params.provider.Arguments args(String name, String input) {
    return org.junit.jupiter.params.provider.Arguments.of(name, input);
  }

  private static InputStream resource(String name) {
    return Objects.requireNonNull(SecretRedactorTest.class.getClassLoader().getResourceAsStream(name), name);
  }
}
