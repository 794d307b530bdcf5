package ai.rodytech.healer.operator.run.job;

import ai.rodytech.healer.operator.observe.PodEvidence;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.PodList;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Watches the pods of Jobs so that their evidence is taken while it exists ({@link PodEvidence}): the job
 * controller deletes a pod at its Job's deadline, and at the backoff limit under restartPolicy OnFailure, before it
 * reports the Job failed; a short ttlSecondsAfterFinished takes the pods with the Job. Registered as an event source
 * of the Job reconciler, so it runs only while this replica leads; it never triggers a reconciliation. Pods are
 * cached slim, lists are paged like the Jobs', and only namespaces a policy covers are captured.
 */
final class JobPodWatch extends AbstractEventSource<Pod, Job> {
  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final Long listLimit;
  private final PodEvidence evidence;
  private final Predicate<String> guarded;
  private static final String BY_RUN = "controller-uid";
  private final List<SharedIndexInformer<Pod>> informers = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param namespaces the namespaces to watch; empty for all
   * @param listLimit page size of the initial lists, or null
   * @param guarded whether a namespace has a policy (pods elsewhere are not worth a log read)
   */
  JobPodWatch(KubernetesClient client, Set<String> namespaces, Long listLimit, PodEvidence evidence,
      Predicate<String> guarded) {
    super(Pod.class, "job-pod-evidence");
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
    this.listLimit = listLimit;
    this.evidence = evidence;
    this.guarded = guarded;
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    evidence.start();
    evidence.cachePods(this::podsOf);
    if (namespaces.isEmpty()) {
      informers.add(inform(client.pods().inAnyNamespace().withLabel(JobObserver.CONTROLLER_UID)));
    } else {
      namespaces.forEach(ns -> informers.add(inform(client.pods().inNamespace(ns)
          .withLabel(JobObserver.CONTROLLER_UID))));
    }
    super.start();
  }

  private SharedIndexInformer<Pod> inform(FilterWatchListDeletable<Pod, PodList, PodResource> pods) {
    SharedIndexInformer<Pod> informer = (listLimit == null ? pods : pods.withLimit(listLimit)).runnableInformer(0);
    informer.itemStore(new TransformingItemStore<>(PodEvidence::slim));
    informer.addIndexers(Map.of(BY_RUN, pod -> Optional.ofNullable(run(pod)).map(List::of).orElse(List.of())));
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        changed(null, pod);
      }

      @Override
      public void onUpdate(Pod before, Pod after) {
        changed(before, after);
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        String run = run(pod);
        if (run != null && !finalStateUnknown && guarded.test(pod.getMetadata().getNamespace())) {
          evidence.deleted(run, PodEvidence.slim(pod));
        }
      }
    });
    informer.start();
    return informer;
  }

  private void changed(Pod before, Pod after) {
    String run = run(after);
    if (run != null && guarded.test(after.getMetadata().getNamespace())) {
      evidence.changed(run, before, PodEvidence.slim(after));
    }
  }

  /** The cached pods of the Job with UID {@code run}: the observer reads them instead of listing them. */
  private List<Pod> podsOf(String run) {
    List<Pod> pods = new ArrayList<>();
    for (SharedIndexInformer<Pod> informer : List.copyOf(informers)) {
      pods.addAll(informer.getIndexer().byIndex(BY_RUN, run));
    }
    return pods;
  }

  /** The UID of the Job the pod belongs to. */
  private static String run(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(JobObserver.CONTROLLER_UID);
  }

  @Override
  public synchronized void stop() {
    evidence.cachePods(null);
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
    evidence.stop();
    super.stop();
  }

  /** Nothing is secondary to a Job here: the evidence is read through {@link PodEvidence}. */
  @Override
  public Set<Pod> getSecondaryResources(Job job) {
    return Set.of();
  }
}
