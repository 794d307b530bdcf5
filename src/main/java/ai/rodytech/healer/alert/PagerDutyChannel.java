package ai.rodytech.healer.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** PagerDuty Events API v2: a trigger per incident, and a resolve with the same dedup_key once it healed. */
final class PagerDutyChannel implements AlertChannel {

  static final String TRIGGER_KEY = "pagerduty";
  static final String RESOLVE_KEY = "pagerduty-resolve";
  static final String DEFAULT_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

  // Limits of the Events API v2; a longer value makes it reject the whole event with a 400.
  private static final int SUMMARY_LIMIT = 1024;
  private static final int DEDUP_KEY_LIMIT = 255;

  @Override
  public String deliveryKey(Alert alert) {
    return alert.resolved() ? RESOLVE_KEY : TRIGGER_KEY;
  }

  @Override
  public OutboundRequest request(Alert redacted, SecretValues secrets) throws UnsendableAlertException {
    String routingKey = secrets.require(SecretValues.PAGERDUTY_ROUTING_KEY, TRIGGER_KEY);
    URI url = secrets.optionalUrl(SecretValues.PAGERDUTY_EVENTS_URL, DEFAULT_EVENTS_URL, TRIGGER_KEY);
    ObjectNode event = redacted.resolved() ? resolve(redacted, routingKey) : trigger(redacted, routingKey);
    return new OutboundRequest(url, AlertJson.write(event), SecretValues.describe(url));
  }

  static ObjectNode trigger(Alert alert, String routingKey) {
    ObjectNode event = AlertJson.object();
    event.put("routing_key", routingKey);
    event.put("event_action", "trigger");
    event.put("dedup_key", dedupKey(alert.dedupKey()));
    event.put("client", "Pipeline Healer");
    ObjectNode payload = event.putObject("payload");
    payload.put("summary", AlertJson.truncate(summary(alert), SUMMARY_LIMIT));
    payload.put("source", alert.namespace().isEmpty() ? alert.pipeline() : alert.namespace() + "/" + alert.pipeline());
    payload.put("severity", alert.severity().wireName());
    payload.put("component", alert.pipeline());
    payload.put("group", alert.namespace());
    payload.put("class", alert.category());
    ObjectNode details = payload.putObject("custom_details");
    details.put("namespace", alert.namespace());
    details.put("pipeline", alert.pipeline());
    details.put("run", alert.run());
    details.put("incident", alert.incident());
    details.put("category", alert.category());
    details.put("what_failed", alert.summary());
    details.put("why_not_acting", alert.whyNotActing());
    alert.evidence().forEach(details.putArray("evidence")::add);
    return event;
  }

  static ObjectNode resolve(Alert alert, String routingKey) {
    ObjectNode event = AlertJson.object();
    event.put("routing_key", routingKey);
    event.put("event_action", "resolve");
    event.put("dedup_key", dedupKey(alert.dedupKey()));
    return event;
  }

  /** The key as sent: itself when short enough, else a prefix and its hash, the same for trigger and resolve. */
  static String dedupKey(String key) {
    if (key.length() <= DEDUP_KEY_LIMIT) {
      return key;
    }
    String hash = sha256(key);
    return key.substring(0, DEDUP_KEY_LIMIT - hash.length() - 1) + "#" + hash;
  }

  private static String summary(Alert alert) {
    return alert.pipeline() + " run " + alert.run() + " failed (" + alert.category() + "): " + alert.summary()
        + " The healer will not act: " + alert.whyNotActing();
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
