package ai.rodytech.healer.core.guard;

import ai.rodytech.healer.core.plan.Action;
import java.util.Optional;
import java.util.stream.Collectors;

/** The plan's strategy is in the policy's allowedStrategies. */
final class StrategyAllowedCheck implements GuardCheck {
  @Override
  public Optional<Violation> check(GuardInput input) {
    Action action = input.plan().action();
    if (input.rules().allows(action)) {
      return Optional.empty();
    }
    String allowed = input.rules().allowedActions().stream()
        .map(Action::wireName)
        .sorted()
        .collect(Collectors.joining(", "));
    return Optional.of(Violation.refuse(GuardReasons.STRATEGY_NOT_ALLOWED,
        "the policy does not allow " + action.wireName() + " (allowedStrategies: "
            + (allowed.isEmpty() ? "none" : allowed) + ")"));
  }
}
