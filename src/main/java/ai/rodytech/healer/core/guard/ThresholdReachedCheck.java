package ai.rodytech.healer.core.guard;

import java.util.Optional;

/** The pipeline has failed at least failureThreshold times in a row. */
final class ThresholdReachedCheck implements GuardCheck {
  @Override
  public Optional<Violation> check(GuardInput input) {
    int failures = input.lineage().consecutiveFailures();
    int threshold = input.rules().failureThreshold();
    if (failures >= threshold) {
      return Optional.empty();
    }
    return Optional.of(Violation.refuse(GuardReasons.BELOW_THRESHOLD,
        "the pipeline has failed " + failures + " time" + (failures == 1 ? "" : "s")
            + " in a row; the policy acts from " + threshold + " consecutive failures (failureThreshold)"));
  }
}
