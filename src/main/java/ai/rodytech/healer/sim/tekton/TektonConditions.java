package ai.rodytech.healer.sim.tekton;

import ai.rodytech.healer.sim.engine.StepPods;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tekton's Succeeded condition (knative's condition shape) and Go's duration format used in its messages. */
final class TektonConditions {
  private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s|ms)");

  private TektonConditions() {}

  /** {@code conditions: [{type: Succeeded, status, reason, message, lastTransitionTime}]} */
  static ArrayNode succeeded(String status, String reason, String message, Instant at) {
    ArrayNode conditions = Serialization.jsonMapper().createArrayNode();
    ObjectNode condition = conditions.addObject();
    condition.put("type", "Succeeded").put("status", status).put("reason", reason).put("message", message)
        .put("lastTransitionTime", StepPods.time(at));
    return conditions;
  }

  /** A duration as Go prints it: 1h0m0s, 10m0s, 45s, 0s. */
  static String goDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds == 0) {
      return "0s";
    }
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long s = seconds % 60;
    return h > 0 ? h + "h" + m + "m" + s + "s" : m > 0 ? m + "m" + s + "s" : s + "s";
  }

  /** Parses a Go duration such as 1h, 1h30m, 90s or 0 (no timeout: returns null). */
  static Duration parseGoDuration(String text, Duration otherwise) {
    if (text == null || text.isBlank()) {
      return otherwise;
    }
    if (text.equals("0") || text.matches("0+[hms]?(0+[hms])*")) {
      return null;
    }
    Matcher m = GO_DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("not a Go duration: " + text);
      }
      double value = Double.parseDouble(m.group(1));
      long millis = (long) (value * switch (m.group(2)) {
        case "h" -> 3_600_000;
        case "m" -> 60_000;
        case "s" -> 1000;
        default -> 1;
      });
      total = total.plusMillis(millis);
      end = m.end();
    }
    if (end != text.length()) {
      throw new IllegalArgumentException("not a Go duration: " + text);
    }
    return total;
  }
}
