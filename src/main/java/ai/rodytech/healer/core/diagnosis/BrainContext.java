package ai.rodytech.healer.core.diagnosis;

import ai.rodytech.healer.core.plan.Action;
import java.util.Set;

/**
 * What a brain may know of the policy: the actions it may propose (alert_human always included) and the
 * pipeline, so an LLM brain can offer exactly those tools and keep per-pipeline budgets.
 *
 * @param pipeline the pipeline's name (may be empty for the CLI)
 * @param allowedActions actions the policy allows; alert_human is always added
 * @param memoryCeiling the policy's memory ceiling as a quantity, for validating proposals
 * @param versionPins version pin names the policy allows patching
 */
public record BrainContext(String pipeline, Set<Action> allowedActions, String memoryCeiling, Set<String> versionPins) {

  public BrainContext {
    pipeline = pipeline == null ? "" : pipeline;
    java.util.EnumSet<Action> actions = java.util.EnumSet.of(Action.ALERT_HUMAN);
    if (allowedActions != null) {
      actions.addAll(allowedActions);
    }
    allowedActions = java.util.Collections.unmodifiableSet(actions);
    versionPins = Set.copyOf(versionPins == null ? Set.of() : versionPins);
  }

  /** Everything allowed: what the CLI uses without --policy. */
  public static BrainContext permissive() {
    return new BrainContext("", java.util.EnumSet.allOf(Action.class), "8Gi", Set.of());
  }

  public boolean allows(Action action) {
    return allowedActions.contains(action);
  }
}
