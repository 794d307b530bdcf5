package ai.rodytech.healer.core.guard;

import java.util.Optional;

/** The lineage has heal attempts left (attempts used below maxRetries). */
final class RetriesLeftCheck implements GuardCheck {
  @Override
  public Optional<Violation> check(GuardInput input) {
    int used = input.lineage().attemptsUsed();
    int max = input.rules().maxRetries();
    if (used < max) {
      return Optional.empty();
    }
    return Optional.of(Violation.refuse(GuardReasons.RETRIES_EXHAUSTED,
        max == 0
            ? "the policy allows no heal attempts (safetyChecks.maxRetries is 0)"
            : used + " of " + max + " heal attempts of this failure lineage are used (safetyChecks.maxRetries)"));
  }
}
