package ai.rodytech.healer.core.redact;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.redact.SecretSamples.Sample;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of redaction/secret-kinds.yaml is masked by the redactor, keeping its context readable. */
class SecretKindsTest {
  private static final SecretRedactor REDACTOR = new SecretRedactor();

  static List<Sample> kinds() {
    return SecretSamples.all();
  }

  @Test
  void theFixtureHoldsAtLeastFiftyDistinctKinds() {
    Set<String> kinds = kinds().stream().map(Sample::kind).collect(Collectors.toSet());

    assertThat(kinds).hasSize(kinds().size()).hasSizeGreaterThanOrEqualTo(50);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void eachKindIsMaskedAndItsContextKept(Sample sample) {
    sample.secret().forEach(secret -> assertThat(sample.line()).contains(secret));

    String out = REDACTOR.redact(sample.line());

    assertThat(out).contains("[REDACTED:");
    sample.secret().forEach(secret -> assertThat(out).doesNotContain(secret));
    sample.keep().forEach(context -> assertThat(out).contains(context));
    assertThat(REDACTOR.redact(out)).as("redacting twice changes nothing").isEqualTo(out);
  }

  @Test
  void allKindsInOneLogKeepTheirLineNumbers() {
    String log = kinds().stream().map(Sample::line).collect(Collectors.joining("\n", "", "\n"));

    String out = REDACTOR.redact(log);

    assertThat(out.split("\n", -1)).hasSameSizeAs(log.split("\n", -1));
    kinds().stream().flatMap(s -> s.secret().stream()).forEach(secret -> assertThat(out).doesNotContain(secret));
  }
}
