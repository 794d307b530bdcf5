package ai.rodytech.healer.core.guard;

import java.util.Optional;

/** The diff has no more changed lines than safetyChecks.maxDiffLines (the healer's own metadata not counted). */
final class DiffSizeCheck implements GuardCheck {
  @Override
  public Optional<Violation> check(GuardInput input) {
    int lines = input.change().changedLines();
    int max = input.rules().maxDiffLines();
    if (lines <= max) {
      return Optional.empty();
    }
    return Optional.of(Violation.refuse(GuardReasons.DIFF_TOO_LARGE,
        "the change is " + lines + " changed lines of diff; the policy allows at most " + max
            + " (safetyChecks.maxDiffLines)"));
  }
}
