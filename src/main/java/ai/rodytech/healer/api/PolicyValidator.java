package ai.rodytech.healer.api;

import java.util.ArrayList;
import java.util.List;

/** Semantic checks of a policy (minimal version; the full one lands with `healer validate`). */
public final class PolicyValidator {
  private PolicyValidator() {}

  public static List<FieldProblem> validate(PipelineRecoveryPolicy policy) {
    List<FieldProblem> problems = new ArrayList<>();
    PolicySpec spec = policy.getSpec();
    if (spec == null) {
      problems.add(new FieldProblem("spec", "is required"));
      return problems;
    }
    if (spec.getTargetPipeline() == null || spec.getTargetPipeline().isBlank()) {
      problems.add(new FieldProblem("spec.targetPipeline", "is required"));
    }
    if (spec.getFailureThreshold() != null && spec.getFailureThreshold() < 1) {
      problems.add(new FieldProblem("spec.failureThreshold", "must be >= 1"));
    }
    if (spec.getSafetyChecks() != null && spec.getSafetyChecks().getMaxRetries() != null
        && spec.getSafetyChecks().getMaxRetries() < 0) {
      problems.add(new FieldProblem("spec.safetyChecks.maxRetries", "must be >= 0"));
    }
    return problems;
  }
}
