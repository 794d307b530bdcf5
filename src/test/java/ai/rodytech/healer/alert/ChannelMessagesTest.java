package ai.rodytech.healer.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bodies each channel gets, at the edges of what the channel accepts. */
class ChannelMessagesTest {

  @Test
  void slackEscapesMarkupInLogLines() {
    Alert alert = alertWith("dedup", "a < b && c > d", List.of("<script>&"));

    ObjectNode message = SlackChannel.message(alert);

    assertThat(message.path("text").asText()).contains("a &lt; b &amp;&amp; c &gt; d");
    assertThat(message.path("blocks").toString()).contains("&lt;script&gt;&amp;").doesNotContain("<script>");
  }

  @Test
  void slackKeepsEveryBlockWithinSlackLimitsHoweverLongTheEvidence() {
    List<String> evidence = IntStream.range(0, 400).mapToObj(i -> "line " + i + " " + "x".repeat(80)).toList();
    Alert alert = alertWith("dedup", "s".repeat(5000), evidence);

    ObjectNode message = SlackChannel.message(alert);

    assertThat(message.path("text").asText()).hasSizeLessThanOrEqualTo(3000);
    for (JsonNode block : message.path("blocks")) {
      String type = block.path("type").asText();
      if (type.equals("header")) {
        assertThat(block.path("text").path("text").asText()).hasSizeLessThanOrEqualTo(150);
      } else if (type.equals("section") && block.has("text")) {
        assertThat(block.path("text").path("text").asText()).hasSizeLessThanOrEqualTo(3000);
      }
    }
    String evidenceBlock = message.path("blocks").get(3).path("text").path("text").asText();
    assertThat(evidenceBlock).startsWith("*Evidence:*").contains("line 0 ").contains("more line(s)").endsWith("```");
  }

  @Test
  void slackCannotBeMadeToCloseTheEvidenceCodeBlockEarly() {
    ObjectNode message = SlackChannel.message(alertWith("dedup", "s", List.of("before ``` after")));

    String evidenceBlock = message.path("blocks").get(3).path("text").path("text").asText();
    assertThat(evidenceBlock).isEqualTo("*Evidence:*\n```\nbefore ''' after\n```");
  }

  @Test
  void pagerDutyDedupKeysOverItsLimitAreHashedTheSameWayForTriggerAndResolve() {
    String longKey = "team-a/" + "incident-".repeat(40);
    Alert alert = alertWith(longKey, "s", List.of());

    String trigger = PagerDutyChannel.trigger(alert, "rk").path("dedup_key").asText();
    String resolve = PagerDutyChannel.resolve(alert.asResolved(), "rk").path("dedup_key").asText();

    assertThat(trigger).hasSize(255).startsWith("team-a/incident-").isEqualTo(resolve);
    assertThat(PagerDutyChannel.dedupKey(longKey + "x")).isNotEqualTo(trigger);
    assertThat(PagerDutyChannel.dedupKey("team-a/short")).isEqualTo("team-a/short");
  }

  @Test
  void pagerDutySummaryIsCutToItsLimitButTheDetailsKeepEverything() {
    Alert alert = alertWith("dedup", "s".repeat(2000), List.of("e1"));

    ObjectNode event = PagerDutyChannel.trigger(alert, "rk");

    assertThat(event.path("payload").path("summary").asText()).hasSize(1024).endsWith("…");
    assertThat(event.path("payload").path("custom_details").path("what_failed").asText()).hasSize(2000);
  }

  @Test
  void pagerDutyResolveCarriesOnlyWhatTheEventsApiNeeds() {
    ObjectNode event = PagerDutyChannel.resolve(alertWith("team-a/inc-1", "s", List.of()).asResolved(), "rk");

    assertThat(event.toString())
        .isEqualTo("{\"routing_key\":\"rk\",\"event_action\":\"resolve\",\"dedup_key\":\"team-a/inc-1\"}");
  }

  @Test
  void anAlertWithoutSeverityIsAnErrorAndMissingTextsAreEmpty() {
    Alert alert = new Alert("k", null, null, null, null, null, null, null, null, null, false);

    assertThat(alert.severity()).isEqualTo(Severity.ERROR);
    assertThat(alert.summary()).isEmpty();
    assertThat(alert.evidence()).isEmpty();
    assertThat(PagerDutyChannel.trigger(alert, "rk").path("payload").path("severity").asText()).isEqualTo("error");
  }

  private static Alert alertWith(String dedupKey, String summary, List<String> evidence) {
    return new Alert(
        dedupKey, "team-a", "backend-ci-build", "run-1", "inc-1", "genuine_failure", summary, "not allowed",
        evidence, Severity.WARNING, false);
  }
}
