package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Finds the policy that covers a run, from the cached policies of the run's namespace.
 *
 * <p>Every finished run asks it, and policies change seldom: a {@linkplain #remembering remembering} index keeps
 * what it worked out per namespace (the policies with a target, their targets, each pipeline's coverage with the
 * policy validated) until {@link #changed} says a policy changed. The operator calls it from the policy informers'
 * event handler, which runs just after the informer's cache changes: a run judged in between is judged as it would
 * have been a moment earlier (a policy created just before a run failed is caught by the run reconciler's second
 * look).
 */
public final class PolicyIndex {
  /** Namespaces whose views are kept at most (a view is small; this bounds an operator watching every namespace). */
  private static final int VIEWS_KEPT = 10_000;

  private final Function<String, Collection<PipelineRecoveryPolicy>> inNamespace;
  private final boolean remembers;
  private final AtomicLong version = new AtomicLong();
  private final Map<String, View> views = new ConcurrentHashMap<>();

  /** What one namespace's policies say, as of one {@link #version}. */
  private record View(
      long version, List<PipelineRecoveryPolicy> targeting, Set<String> targets, Map<String, Coverage> coverage) {}

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

  /**
   * An index that reads the cache afresh for every question.
   *
   * @param inNamespace the cached policies of a namespace (an informer's namespace index: no scan of the rest)
   */
  public PolicyIndex(Function<String, Collection<PipelineRecoveryPolicy>> inNamespace) {
    this(inNamespace, false);
  }

  private PolicyIndex(Function<String, Collection<PipelineRecoveryPolicy>> inNamespace, boolean remembers) {
    this.inNamespace = inNamespace;
    this.remembers = remembers;
  }

  /** An index that keeps its answers per namespace until {@link #changed} is called: call it on every policy event. */
  public static PolicyIndex remembering(Function<String, Collection<PipelineRecoveryPolicy>> inNamespace) {
    return new PolicyIndex(inNamespace, true);
  }

  /** A policy was added, changed or deleted: what was worked out before is worked out again. */
  public void changed() {
    version.incrementAndGet();
  }

  /** The policy covering a run, its kind's declared pipeline ({@code RunKind.declaredPipeline}) given. */
  public Coverage coverage(HasMetadata run, Optional<String> declared) {
    View view = view(run.getMetadata().getNamespace());
    return PipelineResolver.pipelineOf(run, declared, view.targets())
        .map(pipeline -> view.targets().contains(pipeline)
            ? view.coverage().computeIfAbsent(pipeline, p -> coverage(p, view.targeting()))
            : new Coverage.None())
        .orElse(new Coverage.None());
  }

  private View view(String namespace) {
    long now = version.get(); // read before the cache: a change after it makes this view old at once
    View known = remembers ? views.get(namespace) : null;
    if (known != null && known.version() == now) {
      return known;
    }
    List<PipelineRecoveryPolicy> targeting = targeting(namespace);
    Set<String> targets = Set.copyOf(targeting.stream().map(p -> p.getSpec().getTargetPipeline()).toList());
    View fresh = new View(now, targeting, targets, new ConcurrentHashMap<>());
    if (remembers) {
      if (views.size() >= VIEWS_KEPT) {
        views.clear();
      }
      views.put(namespace, fresh);
    }
    return fresh;
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
  public Set<String> targets(String namespace) {
    return view(namespace).targets();
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
