package ai.rodytech.healer.sim.argo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workflow's {@code spec.podGC} as Argo's controller applies it: {@code OnPodCompletion} deletes each pod once
 * it has ended, {@code OnPodSuccess} each pod that succeeded, {@code OnWorkflowCompletion} every pod once the
 * workflow has ended, {@code OnWorkflowSuccess} every pod once it has succeeded; each after
 * {@code deleteDelayDuration}, else the controller's {@code podGCDeleteDelayDuration}, 5 s by default
 * ({@code GetPodGCDeleteDelayDuration}). No strategy: pods stay. The {@code labelSelector} is not modelled.
 */
record PodGc(String strategy, Duration delay) {
  static final String ON_POD_COMPLETION = "OnPodCompletion";
  static final String ON_POD_SUCCESS = "OnPodSuccess";
  static final String ON_WORKFLOW_COMPLETION = "OnWorkflowCompletion";
  static final String ON_WORKFLOW_SUCCESS = "OnWorkflowSuccess";
  static final Duration CONTROLLER_DELAY = Duration.ofSeconds(5);
  static final PodGc NONE = new PodGc("", CONTROLLER_DELAY);

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  static PodGc of(JsonNode spec) {
    JsonNode gc = spec.path("podGC");
    if (!gc.isObject()) {
      return NONE;
    }
    String text = gc.path("deleteDelayDuration").asText("");
    Duration delay = CONTROLLER_DELAY;
    try {
      delay = text.isEmpty() ? CONTROLLER_DELAY : goDuration(text);
    } catch (IllegalArgumentException e) {
      // Argo warns ("failed to parse podGC.deleteDelayDuration") and keeps the controller's delay.
    }
    return new PodGc(gc.path("strategy").asText(""), delay);
  }

  /** A Go duration such as {@code 0s}, {@code 30s}, {@code 1m30s}, {@code 250ms}. */
  static Duration goDuration(String text) {
    Matcher m = GO_DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      long nanosPerUnit = switch (m.group(2)) {
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      total = total.plusNanos((long) (amount * nanosPerUnit));
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return total;
  }
}
