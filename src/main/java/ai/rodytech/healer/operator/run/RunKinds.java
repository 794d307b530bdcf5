package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.operator.PipelineResolver;
import ai.rodytech.healer.operator.PolicyIndex;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.run.job.JobKind;
import ai.rodytech.healer.operator.run.job.JobReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run kinds the operator heals, registered in one place. Adding a kind is its own package plus one line in
 * {@link #standard}; docs/run-kinds.md walks through it.
 */
public final class RunKinds {

  /**
   * One kind and how to start watching it.
   *
   * @param kind the kind
   * @param reconciler its reconciler, given the shared services
   * @param group the API group of a kind defined by a CRD (watched only when the CRD is installed), or null for a
   *     built-in kind
   */
  public record Registration<R extends HasMetadata>(
      RunKind<R> kind, Function<RunReconciler.Services, RunReconciler<R>> reconciler, String group) {}

  private final List<Registration<?>> registrations;
  private final KubernetesClient client;

  private RunKinds(KubernetesClient client, List<Registration<?>> registrations) {
    this.client = client;
    this.registrations = List.copyOf(registrations);
  }

  /** Every kind the healer knows. */
  public static RunKinds standard(KubernetesClient client, PodReader pods, Redactor redactor, Clock clock) {
    List<Registration<?>> all = new ArrayList<>();
    JobKind jobs = new JobKind(pods, redactor, clock);
    all.add(new Registration<>(jobs, services -> new JobReconciler(jobs, services), null));
    return new RunKinds(client, all);
  }

  public List<Registration<?>> registrations() {
    return registrations;
  }

  public Optional<RunKind<?>> named(String kind) {
    return registrations.stream().<RunKind<?>>map(Registration::kind).filter(k -> k.kind().equals(kind)).findFirst();
  }

  /** Reads one run from the API (for work that starts outside the run's own reconciler: an approval). */
  public Optional<RunHandle<?>> read(String kind, String namespace, String name) {
    return named(kind).flatMap(k -> read(k, namespace, name));
  }

  private <R extends HasMetadata> Optional<RunHandle<?>> read(RunKind<R> kind, String namespace, String name) {
    R run = client.resources(kind.type()).inNamespace(namespace).withName(name).get();
    return run == null ? Optional.empty() : Optional.of(RunHandle.of(kind, kind.cacheView(run)));
  }

  /** A pipeline's runs of a kind, listed from the API (for work outside the run's reconciler). */
  public PipelineRuns runs(String kind, String namespace, String pipeline, PolicyIndex policies) {
    return named(kind).map(k -> runs(k, namespace, pipeline, policies)).orElse(new PipelineRuns(List.of()));
  }

  private <R extends HasMetadata> PipelineRuns runs(
      RunKind<R> kind, String namespace, String pipeline, PolicyIndex policies) {
    List<String> targets = policies.targets(namespace);
    List<RunHandle<?>> runs = new ArrayList<>();
    for (R run : client.resources(kind.type()).inNamespace(namespace).list().getItems()) {
      RunHandle<R> handle = RunHandle.of(kind, kind.cacheView(run));
      if (PipelineResolver.pipelineOf(run, handle.declaredPipeline(), targets).map(pipeline::equals).orElse(false)) {
        runs.add(handle);
      }
    }
    return new PipelineRuns(runs);
  }
}
