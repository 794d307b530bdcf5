package ai.rodytech.healer.core.guard;

import ai.rodytech.healer.core.plan.RecoveryPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ordered chain of checks every plan passes, whichever brain proposed it. The first violation wins, so the
 * order decides which reason a person reads when several apply.
 */
public final class Guard {
  private record Step(String name, GuardCheck check) {}

  private final List<Step> steps;

  private Guard(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** The standard chain; docs/guard.md describes each check. */
  public static Guard standard() {
    return new Guard(List.of(
        // The policy's allowlist comes first: a strategy nobody allowed needs no further reason.
        new Step("StrategyAllowed", new StrategyAllowedCheck()),
        // Lineage checks before the change itself: "not yet" and "no more" hold whatever the diff says.
        new Step("ThresholdReached", new ThresholdReachedCheck()),
        new Step("RetriesLeft", new RetriesLeftCheck()),
        new Step("HourlyCap", new HourlyCapCheck()),
        // A deferral, so that a plan that is fine later is not refused now.
        new Step("Cooldown", new CooldownCheck()),
        // Every later check reads the diff; a plan without one is refused rather than waved through.
        new Step("ChangeShown", new ChangeShownCheck()),
        new Step("MemoryCeiling", new MemoryCeilingCheck()),
        // Before scope, so a plan touching a Secret or the service account is refused naming that field.
        new Step("ForbiddenFields", new ForbiddenFieldsCheck()),
        new Step("ChangeScope", new ChangeScopeCheck()),
        // Last: a change that is within scope but large is still suspicious.
        new Step("DiffSize", new DiffSizeCheck())));
  }

  /** Runs the chain; an alert-a-human plan changes nothing, so it is approved without being judged. */
  public Verdict evaluate(GuardInput input) {
    if (input.plan() instanceof RecoveryPlan.AlertHuman) {
      return new Verdict(Optional.empty(), List.of());
    }
    List<String> passed = new ArrayList<>();
    for (Step step : steps) {
      Optional<Violation> violation = step.check().check(input);
      if (violation.isPresent()) {
        return new Verdict(violation, passed);
      }
      passed.add(step.name());
    }
    return new Verdict(Optional.empty(), passed);
  }

  public List<String> checkNames() {
    return steps.stream().map(Step::name).toList();
  }
}
