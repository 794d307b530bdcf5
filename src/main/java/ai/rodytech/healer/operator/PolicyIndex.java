package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Finds the policy that covers a run, from the cached policies of the run's namespace. */
public final class PolicyIndex {
  private final Function<String, Collection<PipelineRecoveryPolicy>> inNamespace;

  /** Which policy, if any, governs a run. */
  public sealed interface Coverage permits Coverage.None, Coverage.Covered, Coverage.Conflict, Coverage.Invalid {
    /** No policy targets the run's pipeline. */
    record None() implements Coverage {}

    /** Exactly one valid policy covers it. */
    record Covered(PipelineRecoveryPolicy policy, String pipeline) implements Coverage {}

    /** Several policies target the pipeline: refuse, do not guess. */
    record Conflict(String pipeline, List<PipelineRecoveryPolicy> policies) implements Coverage {}

    /** The only policy for the pipeline is invalid. */
    record Invalid(PipelineRecoveryPolicy policy, String pipeline) implements Coverage {}
  }

  /** @param inNamespace the cached policies of a namespace (an informer's namespace index: no scan of the rest) */
  public PolicyIndex(Function<String, Collection<PipelineRecoveryPolicy>> inNamespace) {
    this.inNamespace = inNamespace;
  }

  /** The policy covering a run, its kind's declared pipeline ({@code RunKind.declaredPipeline}) given. */
  public Coverage coverage(HasMetadata run, Optional<String> declared) {
    String ns = run.getMetadata().getNamespace();
    List<PipelineRecoveryPolicy> targeting = targeting(ns);
    List<String> targets = targeting.stream().map(p -> p.getSpec().getTargetPipeline()).distinct().toList();
    return PipelineResolver.pipelineOf(run, declared, targets)
        .map(pipeline -> coverage(pipeline, targeting))
        .orElse(new Coverage.None());
  }

  private static Coverage coverage(String pipeline, List<PipelineRecoveryPolicy> inNamespace) {
    List<PipelineRecoveryPolicy> matching =
        inNamespace.stream()
            .filter(p -> pipeline.equals(p.getSpec().getTargetPipeline()))
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    if (matching.isEmpty()) {
      return new Coverage.None();
    }
    if (matching.size() > 1) {
      return new Coverage.Conflict(pipeline, matching);
    }
    PipelineRecoveryPolicy policy = matching.get(0);
    if (!PolicyValidator.validate(policy).isEmpty()) {
      return new Coverage.Invalid(policy, pipeline);
    }
    return new Coverage.Covered(policy, pipeline);
  }

  /** The pipelines the policies of a namespace target. */
  public List<String> targets(String namespace) {
    return targeting(namespace).stream()
        .map(p -> p.getSpec().getTargetPipeline())
        .distinct()
        .toList();
  }

  private List<PipelineRecoveryPolicy> targeting(String namespace) {
    return inNamespace.apply(namespace).stream()
        .filter(p -> p.getSpec() != null && p.getSpec().getTargetPipeline() != null)
        .toList();
  }

  /** The cached policy of that name, if the cache has it. */
  public Optional<PipelineRecoveryPolicy> find(String namespace, String name) {
    return inNamespace.apply(namespace).stream()
        .filter(p -> Objects.equals(p.getMetadata().getName(), name))
        .findFirst();
  }

  /** Other policies in the same namespace targeting the same pipeline. */
  public List<PipelineRecoveryPolicy> rivals(PipelineRecoveryPolicy policy) {
    if (policy.getSpec() == null || policy.getSpec().getTargetPipeline() == null) {
      return List.of();
    }
    return inNamespace.apply(policy.getMetadata().getNamespace()).stream()
        .filter(p -> !Objects.equals(p.getMetadata().getName(), policy.getMetadata().getName()))
        .filter(p -> p.getSpec() != null && policy.getSpec().getTargetPipeline().equals(p.getSpec().getTargetPipeline()))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }
}
