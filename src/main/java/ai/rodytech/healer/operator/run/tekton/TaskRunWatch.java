package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.operator.observe.BoundedItemStore;
import ai.rodytech.healer.operator.observe.Slim;
import ai.rodytech.healer.operator.run.engine.RunFields;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches the TaskRuns of PipelineRuns so that observing a failed run needs no list call: the TaskRuns are cached
 * slim ({@link #slim}: names, labels, owners, conditions, the pod's name, the steps' states, and of the resolved
 * Task only each step's name, image, resources and plain environment) and indexed by the owning PipelineRun's UID.
 * The newest {@value BoundedItemStore#FULL} are kept so, older ones as stubs ({@link BoundedItemStore}). A plan that
 * resolves a Task into a corrective run still lists the whole TaskRuns ({@link TaskRuns#whole}).
 * Registered as an event source of the PipelineRuns' reconciler, so it runs only while this replica leads; it never
 * triggers a reconciliation.
 */
final class TaskRunWatch extends AbstractEventSource<GenericKubernetesResource, PipelineRun> {
  static final ResourceDefinitionContext TASK_RUNS = new ResourceDefinitionContext.Builder()
      .withGroup("tekton.dev").withVersion("v1").withKind(TaskRuns.KIND).withPlural("taskruns").withNamespaced(true)
      .build();
  private static final String BY_RUN = "pipelinerun-uid";
  private static final Set<String> STATUS_KEPT = Set.of("conditions", "podName", "startTime", "completionTime");
  private static final Set<String> STEP_SPEC_KEPT = Set.of("name", "image", "computeResources");

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final Long listLimit;
  private final TaskRuns taskRuns;
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new CopyOnWriteArrayList<>();

  /**
   * @param namespaces the namespaces to watch; empty for all
   * @param listLimit page size of the initial lists, or null
   * @param taskRuns where the observer reads them
   */
  TaskRunWatch(KubernetesClient client, Set<String> namespaces, Long listLimit, TaskRuns taskRuns) {
    super(GenericKubernetesResource.class, "pipelinerun-taskruns");
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
    this.listLimit = listLimit;
    this.taskRuns = taskRuns;
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    if (namespaces.isEmpty()) {
      informers.add(inform(client.genericKubernetesResources(TASK_RUNS).inAnyNamespace()
          .withLabel(TaskRuns.PIPELINE_RUN_LABEL)));
    } else {
      namespaces.forEach(ns -> informers.add(inform(client.genericKubernetesResources(TASK_RUNS).inNamespace(ns)
          .withLabel(TaskRuns.PIPELINE_RUN_LABEL))));
    }
    taskRuns.cache(this::ofRun);
    super.start();
  }

  private SharedIndexInformer<GenericKubernetesResource> inform(FilterWatchListDeletable<GenericKubernetesResource,
      GenericKubernetesResourceList, Resource<GenericKubernetesResource>> selected) {
    SharedIndexInformer<GenericKubernetesResource> informer =
        (listLimit == null ? selected : selected.withLimit(listLimit)).runnableInformer(0);
    informer.itemStore(new BoundedItemStore<>(TaskRunWatch::slim, TaskRunWatch::blank, BoundedItemStore.FULL));
    informer.addIndexers(Map.of(BY_RUN, taskRun -> Optional.ofNullable(RunFields.ownerUid(taskRun, PipelineRun.KIND))
        .map(List::of).orElse(List.of())));
    informer.start();
    return informer;
  }

  /** The cached TaskRuns owned by the PipelineRun with UID {@code run}; null when one is only a stub. */
  private List<GenericKubernetesResource> ofRun(String run) {
    List<GenericKubernetesResource> found = new ArrayList<>();
    for (SharedIndexInformer<GenericKubernetesResource> informer : List.copyOf(informers)) {
      found.addAll(informer.getIndexer().byIndex(BY_RUN, run));
    }
    return BoundedItemStore.whole(found);
  }

  private static GenericKubernetesResource blank(GenericKubernetesResource taskRun) {
    GenericKubernetesResource blank = new GenericKubernetesResource();
    blank.setApiVersion(taskRun.getApiVersion());
    blank.setKind(taskRun.getKind());
    return blank;
  }

  /** What the observer reads of a TaskRun; the rest (params, results, the Task's scripts, step messages) dropped. */
  static GenericKubernetesResource slim(GenericKubernetesResource taskRun) {
    GenericKubernetesResource slim = new GenericKubernetesResource();
    slim.setApiVersion(taskRun.getApiVersion());
    slim.setKind(taskRun.getKind());
    slim.setMetadata(Slim.metadata(taskRun.getMetadata()).build());
    if (taskRun.getAdditionalProperties().get("status") instanceof Map<?, ?> status) {
      Map<String, Object> kept = new LinkedHashMap<>();
      status.forEach((k, v) -> {
        if (STATUS_KEPT.contains(k)) {
          kept.put((String) k, v);
        }
      });
      if (status.get("steps") instanceof List<?> steps) {
        kept.put("steps", steps.stream().map(TaskRunWatch::stepState).toList());
      }
      if (status.get("taskSpec") instanceof Map<?, ?> spec && spec.get("steps") instanceof List<?> steps) {
        kept.put("taskSpec", Map.of("steps", steps.stream().map(TaskRunWatch::stepSpec).toList()));
      }
      slim.setAdditionalProperty("status", kept);
    }
    return slim;
  }

  /** A step's state without its termination message (the step's results, up to 4 KB). */
  private static Object stepState(Object step) {
    if (!(step instanceof Map<?, ?> state) || !(state.get("terminated") instanceof Map<?, ?> terminated)) {
      return step;
    }
    Map<Object, Object> copy = new LinkedHashMap<>(state);
    Map<Object, Object> ended = new LinkedHashMap<>(terminated);
    ended.remove("message");
    copy.put("terminated", ended);
    return copy;
  }

  /** A step as its Task declares it: name, image, resources and plain environment (no script, no secrets). */
  private static Object stepSpec(Object step) {
    if (!(step instanceof Map<?, ?> spec)) {
      return step;
    }
    Map<Object, Object> kept = new LinkedHashMap<>();
    spec.forEach((k, v) -> {
      if (STEP_SPEC_KEPT.contains(k)) {
        kept.put(k, v);
      }
    });
    if (spec.get("env") instanceof List<?> env) {
      kept.put("env", env.stream().filter(e -> e instanceof Map<?, ?> var && var.get("valueFrom") == null).toList());
    }
    return kept;
  }

  @Override
  public synchronized void stop() {
    taskRuns.cache(null);
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
    super.stop();
  }

  /** Nothing is secondary to a run here: the observer reads the cache through {@link TaskRuns}. */
  @Override
  public Set<GenericKubernetesResource> getSecondaryResources(PipelineRun run) {
    return Set.of();
  }
}
