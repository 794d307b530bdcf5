package ai.rodytech.healer.operator.decide;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.diagnosis.Brain;
import java.util.function.Function;

/** Chooses the brain for a policy (its spec.brain, and what the operator has configured). */
@FunctionalInterface
public interface BrainSelector {
  Brain forPolicy(PipelineRecoveryPolicy policy);

  /**
   * The brain for a failure on which nothing will be decided (below the threshold): only its failing tests are
   * wanted, for the pipeline's history. Offline and free; the policy's own brain when no other is configured.
   */
  default Brain offline(PipelineRecoveryPolicy policy) {
    return forPolicy(policy);
  }

  static BrainSelector of(Function<PipelineRecoveryPolicy, Brain> forPolicy, Brain offline) {
    return new BrainSelector() {
      @Override
      public Brain forPolicy(PipelineRecoveryPolicy policy) {
        return forPolicy.apply(policy);
      }

      @Override
      public Brain offline(PipelineRecoveryPolicy policy) {
        return offline;
      }
    };
  }
}
