package ai.rodytech.healer.core.plan;

import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.RecoveryPlan.AlertHuman;
import ai.rodytech.healer.core.plan.RecoveryPlan.Retry;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;

/**
 * Turns a diagnosis into a concrete recovery plan. A proposal's arguments are held to {@link ProposalRules}; what it
 * cannot make concrete becomes an {@link AlertHuman} with the reason. The guard judges every other plan, including
 * whether the policy allows its strategy.
 */
public final class Planner {
  private final MemoryBumpPlanner memory = new MemoryBumpPlanner();
  private final VersionPinPlanner versions = new VersionPinPlanner();

  public RecoveryPlan plan(
      Diagnosis diagnosis, FailureSnapshot snapshot, PolicyRules rules, KnownGoodVersions knownGood) {
    Action action = diagnosis.action() == null ? Action.ALERT_HUMAN : diagnosis.action();
    if (action == Action.ALERT_HUMAN) {
      String category = diagnosis.category() == null ? "unknown" : diagnosis.category().wireName();
      return new AlertHuman("the diagnosis (" + category + ") calls for a person: " + diagnosis.summary());
    }
    // Whether the policy allows the strategy is the guard's call (StrategyAllowedCheck), made once for every brain.
    return switch (action) {
      case RETRY_STAGE -> new Retry("run again unchanged: " + diagnosis.summary());
      case INCREASE_MEMORY -> memory.plan(diagnosis, snapshot, rules);
      case PATCH_DEPENDENCY_VERSION ->
          versions.plan(diagnosis, snapshot, rules, knownGood == null ? KnownGoodVersions.NONE : knownGood);
      case ALERT_HUMAN -> throw new IllegalStateException("handled above");
    };
  }
}
