package ai.rodytech.healer.core.guard;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.policy.PolicyRules;
import java.time.Instant;

/** Everything the guard judges: the rules, the lineage, the plan and the change it makes. */
public record GuardInput(PolicyRules rules, LineageState lineage, RecoveryPlan plan, ChangeSet change, Instant now) {}
