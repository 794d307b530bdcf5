package ai.rodytech.healer.alert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.core.redact.SecretSamples;
import ai.rodytech.healer.core.redact.SecretSamples.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No kind of secret of redaction/secret-kinds.yaml reaches a webhook's body, in the summary or the evidence. */
class SecretKindsWebhookTest {
  private static final SecretValues SECRETS = new SecretValues(Map.of(SecretValues.WEBHOOK_URL, "https://hooks.example.com/ci"));

  static List<Sample> kinds() {
    return SecretSamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theSecretIsMaskedInTheBody(Sample sample) throws UnsendableAlertException {
    Alert alert = new Alert("ci/backend-ci-build-7", "ci", "backend-ci-build", "backend-ci-build-7",
        "backend-ci-build-7-genuine", "genuine_failure", "deploy failed: " + sample.line(),
        "no strategy heals a failed deploy", List.of("line 2: " + sample.line()), Severity.ERROR, false);

    String body = new WebhookChannel().request(alert.redactedWith(new SecretRedactor()), SECRETS).body();

    assertThat(body).contains("deploy failed: ").contains("[REDACTED:");
    sample.secret().forEach(secret -> assertThat(body).doesNotContain(secret));
  }
}
