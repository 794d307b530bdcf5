package ai.rodytech.healer.core.policy;

import ai.rodytech.healer.core.plan.Action;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A policy's rules with every default applied, as the decision core sees them (no Kubernetes types).
 *
 * @param targetPipeline the pipeline guarded
 * @param failureThreshold consecutive failures at which the healer steps in
 * @param allowedActions healing actions allowed (alert_human is always possible and not listed)
 * @param dryRun whether a server-side dry run precedes every change
 * @param maxRetries heal attempts per lineage
 * @param maxDiffLines largest diff allowed, in changed lines
 * @param cooldown wait between two attempts of one lineage
 * @param memoryCeilingBytes highest memory limit increase_memory may set
 * @param memoryInitialBytes limit for a killed container that had none
 * @param versionPins env var names patch_dependency_version may change
 * @param shadow whether changes are only recorded, never applied
 * @param approvalRequired whether a person must approve each change
 * @param maxHealsPerHour corrective runs the pipeline may get in any hour, over all its lineages
 */
public record PolicyRules(
    String targetPipeline,
    int failureThreshold,
    Set<Action> allowedActions,
    boolean dryRun,
    int maxRetries,
    int maxDiffLines,
    Duration cooldown,
    long memoryCeilingBytes,
    long memoryInitialBytes,
    List<String> versionPins,
    boolean shadow,
    boolean approvalRequired,
    int maxHealsPerHour) {

  public PolicyRules {
    allowedActions = Set.copyOf(allowedActions);
    versionPins = List.copyOf(versionPins);
  }

  public boolean allows(Action action) {
    return action == Action.ALERT_HUMAN || allowedActions.contains(action);
  }
}
