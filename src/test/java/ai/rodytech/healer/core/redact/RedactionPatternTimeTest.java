package ai.rodytech.healer.core.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every redaction pattern gets 256 KiB lines built from its own literals (its anchors and the words of its
 * expression), repeated bare and with the separators its shape waits for. A pattern that can backtrack is
 * quadratic or worse on such a line (issue 15: 256 KiB took 173 s in a signature); a linear one takes
 * milliseconds. The bound is generous so that a loaded machine does not make the test flaky.
 */
class RedactionPatternTimeTest {
  private static final int LINE = 256 * 1024;
  /** One pattern on one line: milliseconds when linear, minutes when it backtracks. */
  private static final Duration BOUND = Duration.ofSeconds(2);
  /** The whole redactor on one line, every pattern and the base64 decoding included. */
  private static final Duration WHOLE_BOUND = Duration.ofSeconds(5);
  /** What a pattern waits for after a literal: a separator, a value start, a URL's parts. */
  private static final List<String> AFTER = List.of("", " ", "=", ":", "@", " -p ");
  /** What a value run is made of after the literal and a separator. */
  private static final List<String> VALUE_AFTER = List.of(" ", "=");
  /** Words of an expression outside character classes and escapes, e.g. docker, login, cookie, sk-proj-. */
  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_\\-.]{2,}");

  static Stream<Arguments> patterns() {
    List<Arguments> all = new ArrayList<>();
    List<List<SecretPattern>> lists = List.of(SecretPatterns.ALL, ProviderTokens.ALL, ContextSecrets.ALL);
    for (List<SecretPattern> list : lists) {
      for (SecretPattern pattern : list) {
        all.add(Arguments.of(pattern.pattern().pattern().substring(0, Math.min(60, pattern.pattern().pattern().length())), pattern));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patterns")
  void longRunsOfThePatternsOwnLiteralsScanInLinearTime(String name, SecretPattern pattern) {
    for (String literal : literals(pattern)) {
      List<String> inputs = new ArrayList<>();
      AFTER.forEach(after -> inputs.add((literal + after).repeat(LINE / (literal.length() + after.length()) + 1)));
      VALUE_AFTER.forEach(after -> inputs.add(literal + after + "x".repeat(LINE)));
      for (String input : inputs) {
        int findings = assertTimeoutPreemptively(BOUND, () -> scan(pattern, input),
            () -> "'" + input.substring(0, Math.min(24, input.length())) + "...' of " + input.length() + " characters");
        assertThat(findings).isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void commandLinesBase64RunsAndSecretDataKeysScanInLinearTime() {
    List<String> inputs =
        List.of(
            "mysql ".repeat(LINE / 6),
            "curl -u ".repeat(LINE / 8),
            "docker login -p ".repeat(LINE / 16),
            "sshpass -p".repeat(LINE / 10),
            "curl '".repeat(LINE / 6),
            "tls.key: " + "QUJD".repeat(LINE / 4),
            ("a: " + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY ").repeat(LINE / 36),
            "x: " + "cGFzc3dvcmQ6IGh1bnRlcjJodW50ZXIy".repeat(LINE / 32),
            ":".repeat(LINE) + "QUJD",
            "tls.key:".repeat(LINE / 8));
    for (String input : inputs) {
      String out = assertTimeoutPreemptively(WHOLE_BOUND, () -> new SecretRedactor().redact(input));
      assertThat(out).isNotEmpty();
    }
  }

  private static int scan(SecretPattern pattern, String input) {
    int[] found = {0};
    pattern.find(new ScanText(input), finding -> found[0]++);
    return found[0];
  }

  private static Set<String> literals(SecretPattern pattern) {
    Set<String> literals = new LinkedHashSet<>(pattern.anchors());
    String source = pattern.pattern().pattern()
        .replaceAll("\\\\.", " ")
        .replaceAll("\\[[^\\]]*+\\]", " ")
        .replaceAll("\\(\\?<[a-z]++>", " ");
    Matcher words = WORD.matcher(source);
    while (words.find()) {
      literals.add(words.group());
    }
    return literals;
  }
}
