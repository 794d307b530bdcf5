package ai.rodytech.healer.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretValuesTest {

  private static final String SLACK = "https://hooks.slack.com/services/T0001/B0002/abcdefSECRET";

  @Test
  void masksWholeValuesAndTheSecretPartsOfUrls() {
    SecretValues secrets =
        new SecretValues(Map.of("slack-webhook-url", SLACK + "\n", "pagerduty-routing-key", "rk-0123456789"));

    assertThat(secrets.mask("POST " + SLACK + " failed")).isEqualTo("POST **** failed");
    assertThat(secrets.mask("path /services/T0001/B0002/abcdefSECRET not found")).isEqualTo("path **** not found");
    assertThat(secrets.mask("key rk-0123456789 refused")).isEqualTo("key **** refused");
    assertThat(secrets.mask("nothing secret here")).isEqualTo("nothing secret here");
  }

  @Test
  void valuesAreTrimmedBecauseSecretsMadeWithEchoEndInANewline() throws Exception {
    SecretValues secrets = new SecretValues(Map.of("slack-webhook-url", "  " + SLACK + "\n"));

    assertThat(secrets.requireUrl("slack-webhook-url", "slack")).isEqualTo(URI.create(SLACK));
  }

  static Stream<Arguments> unusableUrls() {
    String missing = "the alert Secret has no 'slack-webhook-url' key, which the slack channel needs";
    String notUrl = "the alert Secret's 'slack-webhook-url' (for the slack channel) is not an absolute http(s) URL";
    String encoded = Base64.getEncoder().encodeToString(SLACK.getBytes(StandardCharsets.UTF_8));
    return Stream.of(
        Arguments.of(Map.of(), missing),
        Arguments.of(Map.of("slack-webhook-url", " "), missing),
        Arguments.of(Map.of("slack-webhook-url", "hooks.slack.com/x"), notUrl),
        Arguments.of(Map.of("slack-webhook-url", "ftp://hooks.slack.com/x"), notUrl),
        Arguments.of(Map.of("slack-webhook-url", "https://hooks slack/x y"), notUrl),
        Arguments.of(
            Map.of("slack-webhook-url", encoded),
            notUrl + "; it looks base64-encoded, the value must be the decoded URL"));
  }

  @ParameterizedTest
  @MethodSource("unusableUrls")
  void anUnusableUrlIsAReasonThatNamesTheKeyButNotTheValue(Map<String, String> data, String reason) {
    SecretValues secrets = new SecretValues(data);

    assertThatThrownBy(() -> secrets.requireUrl("slack-webhook-url", "slack"))
        .isInstanceOf(UnsendableAlertException.class)
        .hasMessage(reason);
  }

  @Test
  void anOptionalUrlFallsBackToTheDefault() throws Exception {
    SecretValues secrets = new SecretValues(Map.of("pagerduty-routing-key", "rk"));

    assertThat(secrets.optionalUrl("pagerduty-events-url", PagerDutyChannel.DEFAULT_EVENTS_URL, "pagerduty"))
        .isEqualTo(URI.create("https://events.pagerduty.com/v2/enqueue"));
  }

  @Test
  void anEndpointIsDescribedWithoutItsPathOrUserInfo() {
    assertThat(SecretValues.describe(URI.create("https://user:pw@hooks.example.com:8443/t/SECRET?k=v")))
        .isEqualTo("https://hooks.example.com:8443");
  }
}
