package ai.rodytech.healer.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Watches the pods of one run kind so that their evidence is taken while it exists ({@link PodEvidence}): the job
 * controller deletes a pod at its Job's deadline, and at the backoff limit under restartPolicy OnFailure, before it
 * reports the Job failed; a short ttlSecondsAfterFinished takes the pods with the Job; Argo's pod GC deletes a
 * workflow's pods once they or the workflow ended. Registered as an event source of the kind's reconciler, so it
 * runs only while this replica leads; it never triggers a reconciliation. Pods are cached slim, the newest
 * {@value BoundedItemStore#FULL} of them (older ones as stubs), lists are paged like the runs', and only namespaces a
 * policy covers are captured.
 *
 * @param <R> the run kind whose reconciler this source belongs to
 */
public final class RunPodWatch<R extends HasMetadata> extends AbstractEventSource<Pod, R> {

  /**
   * Which pods a kind's runs have and how they are kept.
   *
   * @param label the label every such pod carries (whatever its value)
   * @param run the UID of the run a pod belongs to, or null
   * @param slim what is kept of a pod (its cached copy)
   */
  public record Pods(String label, Function<Pod, String> run, UnaryOperator<Pod> slim) {}

  private static final String BY_RUN = "run-uid";
  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final Long listLimit;
  private final PodEvidence evidence;
  private final Pods pods;
  private final Predicate<String> guarded;
  private final List<SharedIndexInformer<Pod>> informers = new CopyOnWriteArrayList<>();

  /**
   * @param name the event source's name
   * @param namespaces the namespaces to watch; empty for all
   * @param listLimit page size of the initial lists, or null
   * @param guarded whether a namespace has a policy (pods elsewhere are not worth a log read)
   */
  public RunPodWatch(String name, KubernetesClient client, Set<String> namespaces, Long listLimit,
      PodEvidence evidence, Pods pods, Predicate<String> guarded) {
    super(Pod.class, name);
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
    this.listLimit = listLimit;
    this.evidence = evidence;
    this.pods = pods;
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
      informers.add(inform(client.pods().inAnyNamespace().withLabel(pods.label())));
    } else {
      namespaces.forEach(ns -> informers.add(inform(client.pods().inNamespace(ns).withLabel(pods.label()))));
    }
    super.start();
  }

  private SharedIndexInformer<Pod> inform(FilterWatchListDeletable<Pod, PodList, PodResource> selected) {
    SharedIndexInformer<Pod> informer =
        (listLimit == null ? selected : selected.withLimit(listLimit)).runnableInformer(0);
    informer.itemStore(new BoundedItemStore<>(pods.slim(), pod -> new Pod(), BoundedItemStore.FULL));
    informer.addIndexers(Map.of(BY_RUN, pod -> Optional.ofNullable(pods.run().apply(pod)).map(List::of)
        .orElse(List.of())));
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        changed(null, pod);
      }

      @Override
      public void onUpdate(Pod before, Pod after) {
        // A stub knows nothing of the pod's containers: the change is taken as the pod's first sight.
        changed(BoundedItemStore.isStub(before) ? null : before, after);
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        String run = pods.run().apply(pod);
        if (run != null && !finalStateUnknown && !BoundedItemStore.isStub(pod)
            && guarded.test(pod.getMetadata().getNamespace())) {
          evidence.deleted(run, pods.slim().apply(pod));
        }
      }
    });
    informer.start();
    return informer;
  }

  private void changed(Pod before, Pod after) {
    String run = pods.run().apply(after);
    if (run != null && guarded.test(after.getMetadata().getNamespace())) {
      evidence.changed(run, before, pods.slim().apply(after));
    }
  }

  /**
   * The cached pods of the run with UID {@code run}: the observer reads them instead of listing them; null when one
   * of them is only a stub ({@link BoundedItemStore}).
   */
  private List<Pod> podsOf(String run) {
    List<Pod> found = new ArrayList<>();
    for (SharedIndexInformer<Pod> informer : List.copyOf(informers)) {
      found.addAll(informer.getIndexer().byIndex(BY_RUN, run));
    }
    return BoundedItemStore.whole(found);
  }

  @Override
  public synchronized void stop() {
    evidence.cachePods(null);
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
    evidence.stop();
    super.stop();
  }

  /** Nothing is secondary to a run here: the evidence is read through {@link PodEvidence}. */
  @Override
  public Set<Pod> getSecondaryResources(R run) {
    return Set.of();
  }
}
