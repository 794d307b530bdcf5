package ai.rodytech.healer.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/** A Slack incoming webhook: a plain-text fallback plus blocks a person reads at a glance. */
final class SlackChannel implements AlertChannel {

  static final String KEY = "slack";

  // Slack rejects the whole message (400 invalid_blocks) when one block's text is longer than these.
  private static final int HEADER_LIMIT = 150;
  private static final int SECTION_LIMIT = 3000;
  private static final int FIELD_LIMIT = 2000;
  // One huge line (a minified stack trace) must not crowd out every other evidence line.
  private static final int EVIDENCE_LINE_LIMIT = 500;

  @Override
  public String deliveryKey(Alert alert) {
    return KEY;
  }

  @Override
  public OutboundRequest request(Alert redacted, SecretValues secrets) throws UnsendableAlertException {
    URI url = secrets.requireUrl(SecretValues.SLACK_WEBHOOK_URL, KEY);
    return new OutboundRequest(url, AlertJson.write(message(redacted)), SecretValues.describe(url));
  }

  static ObjectNode message(Alert alert) {
    ObjectNode message = AlertJson.object();
    message.put("text", AlertJson.truncate(fallbackText(alert), SECTION_LIMIT));
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "header").set("text", plainText("Needs a human: " + alert.pipeline()));
    blocks.add(
        section(
            "*What failed:* " + escape(alert.summary()) + "\n*Why the healer will not act:* "
                + escape(alert.whyNotActing())));
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    field(fields, "Namespace", alert.namespace());
    field(fields, "Pipeline", alert.pipeline());
    field(fields, "Run", alert.run());
    field(fields, "Category", alert.category());
    field(fields, "Severity", alert.severity().wireName());
    field(fields, "Incident", alert.incident());
    if (!alert.evidence().isEmpty()) {
      blocks.add(section(evidence(alert.evidence())));
    }
    ObjectNode context = blocks.addObject().put("type", "context");
    context.putArray("elements").add(mrkdwn(
        "Incident record: `kubectl describe pipelineincident " + escape(alert.incident()) + " -n "
            + escape(alert.namespace()) + "`"));
    return message;
  }

  /** What notifications and clients without blocks show. */
  static String fallbackText(Alert alert) {
    return "Pipeline Healer needs a human: " + escape(alert.pipeline()) + " run " + escape(alert.run()) + " in "
        + escape(alert.namespace()) + " failed (" + escape(alert.category()) + "). " + escape(alert.summary())
        + " The healer will not act: " + escape(alert.whyNotActing());
  }

  /** Slack reads &, < and > as markup in mrkdwn; log lines are full of them. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String evidence(List<String> lines) {
    String head = "*Evidence:*\n```\n";
    String tail = "\n```";
    StringBuilder body = new StringBuilder();
    int budget = SECTION_LIMIT - head.length() - tail.length() - 40;
    for (int i = 0; i < lines.size(); i++) {
      // three backticks inside a line would close the code block early
      String line = AlertJson.truncate(escape(lines.get(i)).replace("```", "'''"), EVIDENCE_LINE_LIMIT);
      if (body.length() + line.length() + 1 > budget) {
        body.append("… ").append(lines.size() - i).append(" more line(s)");
        break;
      }
      body.append(i == 0 ? "" : "\n").append(line);
    }
    return head + body + tail;
  }

  private static ObjectNode section(String markdown) {
    ObjectNode section = AlertJson.object().put("type", "section");
    section.set("text", mrkdwn(AlertJson.truncate(markdown, SECTION_LIMIT)));
    return section;
  }

  private static void field(ArrayNode fields, String name, String value) {
    fields.add(mrkdwn(AlertJson.truncate("*" + name + "*\n" + (value.isEmpty() ? "-" : escape(value)), FIELD_LIMIT)));
  }

  private static ObjectNode mrkdwn(String text) {
    return AlertJson.object().put("type", "mrkdwn").put("text", text);
  }

  private static ObjectNode plainText(String text) {
    return AlertJson.object().put("type", "plain_text").put("text", AlertJson.truncate(text, HEADER_LIMIT));
  }
}
