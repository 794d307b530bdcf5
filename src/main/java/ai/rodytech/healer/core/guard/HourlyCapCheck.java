package ai.rodytech.healer.core.guard;

import java.util.Optional;

/**
 * The pipeline has corrective runs left this hour. maxRetries bounds one lineage; a pipeline failing over and over
 * starts a new lineage each time, so without this cap 21 failed runs in a row could get 63 corrective runs.
 */
final class HourlyCapCheck implements GuardCheck {
  @Override
  public Optional<Violation> check(GuardInput input) {
    long used = input.lineage().healsLastHour();
    int cap = input.rules().maxHealsPerHour();
    if (used < cap) {
      return Optional.empty();
    }
    return Optional.of(Violation.refuse(GuardReasons.HOURLY_CAP_REACHED,
        cap == 0
            ? "the policy allows no corrective runs (safetyChecks.maxHealsPerHour is 0)"
            : used + " corrective runs were created for this pipeline in the last hour, the policy's cap"
                + " (safetyChecks.maxHealsPerHour is " + cap + ")"));
  }
}
