package ai.rodytech.healer.alert;

import java.util.List;

/**
 * What became of one alert on each channel. Channels are named by their delivery key: {@code slack},
 * {@code pagerduty}, {@code webhook}, or {@code pagerduty-resolve} for the resolve of an earlier page. The caller
 * adds {@link #delivered()} to the set it passes back as {@code alreadyDelivered} next time.
 *
 * @param delivered delivery keys now delivered (by this call, a concurrent call, or earlier in this process)
 * @param failures deliveries that did not go through, with the reason
 * @param skipped deliveries not attempted on purpose, with the reason
 */
public record DispatchResult(List<String> delivered, List<Failure> failures, List<Skip> skipped) {

  public DispatchResult {
    delivered = List.copyOf(delivered);
    failures = List.copyOf(failures);
    skipped = List.copyOf(skipped);
  }

  /** A delivery that failed; the reason names no secret. */
  public record Failure(String channel, String reason, int attempts) {}

  /** A delivery not attempted on purpose (already delivered, or nothing to resolve). */
  public record Skip(String channel, String reason) {}

  /** True when nothing failed (skips are not failures). */
  public boolean ok() {
    return failures.isEmpty();
  }
}
