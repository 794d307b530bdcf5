package ai.rodytech.healer.core.guard;

import java.util.Optional;

/** The plan comes with the diff of the run before and after: the guard approves only changes it can see. */
final class ChangeShownCheck implements GuardCheck {
  @Override
  public Optional<Violation> check(GuardInput input) {
    if (input.change() != null) {
      return Optional.empty();
    }
    return Optional.of(Violation.refuse(GuardReasons.CHANGE_MISSING,
        input.plan().action().wireName() + " came without the diff of the run before and after; the guard"
            + " approves only changes it can see"));
  }
}
