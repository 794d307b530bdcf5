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

  /** The other documented forms of the provider formats (docs/redaction.md), one made-up value each. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("formatVariants")
  void otherDocumentedFormsAreMaskedToo(String secret) {
    String out = REDACTOR.redact("using " + secret + " now");

    assertThat(out).doesNotContain(secret).startsWith("using [REDACTED:").endsWith("] now");
  }

  static List<String> formatVariants() {
    return List.of(
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "rk_test_51HxYzQ2eZvKYlo2CkLmN8pQr",
        "sk-admin-" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6",
        "sk-" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kM9nP2qR5sT8", // the older 48-character form
        "sk-ant-admin01-" + "Zq8xT2mV6bN1cL4kJ7hG0fD3sA9pO5iU8yT2rE6wQ1",
        "dckr_oat_7HqLyjWDarjtT1zdp7dcXYZa",
        "hvr.CAESIJlU9JMYEhOPYv4KKbtSwQ5SbN4TMk4lD3fwZ1Fq0sXvGh4KHGh2cy5",
        "glc_eyJvIjoiMTIzNDU2IiwibiI6InN0YWNrLTEyMy1ob3N0ZWQiLCJrIjoiYWJjZGVmIn0=",
        "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",
        "doo_v1_" + "4580ec23f220a7383883dc1581f5bbc8ffd3f6305f1868fc86d9f776e8168649");
  }

  @Test
  void allKindsInOneLogKeepTheirLineNumbers() {
    String log = kinds().stream().map(Sample::line).collect(Collectors.joining("\n", "", "\n"));

    String out = REDACTOR.redact(log);

    assertThat(out.split("\n", -1)).hasSameSizeAs(log.split("\n", -1));
    kinds().stream().flatMap(s -> s.secret().stream()).forEach(secret -> assertThat(out).doesNotContain(secret));
  }
}
