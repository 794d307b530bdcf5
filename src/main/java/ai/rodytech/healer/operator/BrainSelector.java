package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.diagnosis.Brain;

/** Chooses the brain for a policy (its spec.brain, and what the operator has configured). */
@FunctionalInterface
public interface BrainSelector {
  Brain forPolicy(PipelineRecoveryPolicy policy);
}
