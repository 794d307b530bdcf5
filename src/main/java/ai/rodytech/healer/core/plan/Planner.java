package ai.rodytech.healer.core.plan;

import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.RecoveryPlan.AlertHuman;
import ai.rodytech.healer.core.plan.RecoveryPlan.Retry;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;

/**
 * Turns a diagnosis into a concrete recovery plan within the policy's rules. Anything it cannot make safe becomes
 * an {@link AlertHuman} with the reason; the guard still judges every other plan.
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
    if (!rules.allows(action)) {
      return new AlertHuman("the diagnosis calls for " + action.wireName() + ", which the policy does not allow: "
          + diagnosis.summary());
    }
    return switch (action) {
      case RETRY_STAGE -> new Retry("run again unchanged: " + diagnosis.summary());
      case INCREASE_MEMORY -> memory.plan(diagnosis, snapshot, rules);
      case PATCH_DEPENDENCY_VERSION ->
          versions.plan(diagnosis, snapshot, rules, knownGood == null ? KnownGoodVersions.NONE : knownGood);
      case ALERT_HUMAN -> throw new IllegalStateException("handled above");
    };
  }
}
