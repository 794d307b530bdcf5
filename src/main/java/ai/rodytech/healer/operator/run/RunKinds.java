package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.operator.PipelineResolver;
import ai.rodytech.healer.operator.PolicyIndex;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.run.argo.ArgoKind;
import ai.rodytech.healer.operator.run.argo.WorkflowReconciler;
import ai.rodytech.healer.operator.run.job.JobKind;
import ai.rodytech.healer.operator.run.job.JobReconciler;
import ai.rodytech.healer.operator.run.tekton.PipelineRunReconciler;
import ai.rodytech.healer.operator.run.tekton.TektonKind;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run kinds the operator heals, registered in one place. Adding a kind is its own package plus one line in
 * {@link #standard}; docs/run-kinds.md walks through it.
 */
public final class RunKinds {
  private static final Logger LOG = LoggerFactory.getLogger(RunKinds.class);

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
    TektonKind tekton = new TektonKind(client, pods, redactor, clock);
    all.add(new Registration<>(tekton, services -> new PipelineRunReconciler(tekton, services), "tekton.dev"));
    ArgoKind argo = new ArgoKind(pods, redactor, clock);
    all.add(new Registration<>(argo, services -> new WorkflowReconciler(argo, services), "argoproj.io"));
    return new RunKinds(client, all);
  }

  /** The Java types of the runs of every kind. */
  public Set<Class<?>> types() {
    return registrations.stream().<Class<?>>map(r -> r.kind().type()).collect(Collectors.toSet());
  }

  public List<Registration<?>> registrations() {
    return registrations;
  }

  /**
   * The registrations the cluster serves: built-in kinds, and the kinds of CRDs that are installed, as API
   * discovery tells (readable by every authenticated client: no extra RBAC). A kind whose CRD is missing is not
   * watched, and a log line says so; installing the CRD later takes a restart of the operator.
   */
  public List<Registration<?>> served() {
    List<Registration<?>> served = new ArrayList<>();
    for (Registration<?> registration : registrations) {
      if (registration.group() == null || served(registration.kind())) {
        served.add(registration);
      } else {
        LOG.info("{} ({}) is not served by this cluster (its CRD is not installed): {}s are not watched",
            registration.kind().kind(), registration.kind().apiVersion(), registration.kind().kind());
      }
    }
    return served;
  }

  private boolean served(RunKind<?> kind) {
    try {
      APIResourceList resources = client.getApiResources(kind.apiVersion());
      return resources != null && resources.getResources() != null && resources.getResources().stream()
          .anyMatch(r -> kind.kind().equals(r.getKind()) && r.getName() != null && !r.getName().contains("/"));
    } catch (KubernetesClientException e) {
      // 404 for a group the cluster does not know; 403 where discovery is closed: the kind cannot be watched.
      return false;
    }
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
    Set<String> targets = policies.targets(namespace);
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
