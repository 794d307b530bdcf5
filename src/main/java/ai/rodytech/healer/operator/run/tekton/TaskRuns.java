package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.operator.ApiCalls;
import ai.rodytech.healer.operator.run.engine.RunFields;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the TaskRuns of a PipelineRun, kept only when owned by the run's UID or named in its
 * {@code status.childReferences} (a run re-created under the same name is another run). The observer takes them
 * from the TaskRun watch's slim cache ({@link TaskRunWatch}) when it holds every child the run names, each ended;
 * otherwise, and for the whole TaskRuns a plan resolves a Task from, one list call by Tekton's
 * {@code tekton.dev/pipelineRun} label. A failed run's TaskRuns do not change, so the last few runs' listed ones are
 * remembered: comparing and re-creating a failed run cost one call together.
 */
final class TaskRuns {
  static final String KIND = "TaskRun";
  static final String PIPELINE_RUN_LABEL = "tekton.dev/pipelineRun";
  static final String PIPELINE_TASK_LABEL = "tekton.dev/pipelineTask";
  private static final int REMEMBERED = 64;

  private final KubernetesClient client;
  private volatile Function<String, List<GenericKubernetesResource>> cached;
  private final Map<String, Map<String, JsonNode>> recent = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, JsonNode>> eldest) {
          return size() > REMEMBERED;
        }
      });

  TaskRuns(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Where the watched TaskRuns are cached (a PipelineRun's UID to its TaskRuns, slim; null when the cache does not
   * know them all), or null when none is.
   */
  void cache(Function<String, List<GenericKubernetesResource>> cache) {
    this.cached = cache;
  }

  /**
   * The run's TaskRuns as the observer needs them (the watch's slim copies when current), by pipeline task name in
   * the order of its childReferences; empty, with a note in {@code missing}, when they cannot be listed.
   */
  Map<String, JsonNode> observed(PipelineRun run, List<String> missing) {
    Function<String, List<GenericKubernetesResource>> cache = cached;
    List<GenericKubernetesResource> cachedRuns = cache == null ? null : cache.apply(run.getMetadata().getUid());
    if (cachedRuns != null) {
      Optional<Map<String, JsonNode>> fromCache = current(run, cachedRuns);
      if (fromCache.isPresent()) {
        return fromCache.get();
      }
    }
    return whole(run, missing);
  }

  /**
   * The run's whole TaskRuns (their resolved {@code taskSpec} with them), listed; as {@link #observed} otherwise.
   */
  Map<String, JsonNode> whole(PipelineRun run, List<String> missing) {
    String key = run.getMetadata().getUid() + "/" + run.getMetadata().getResourceVersion();
    Map<String, JsonNode> known = recent.get(key);
    if (known != null) {
      return known;
    }
    List<GenericKubernetesResource> listed;
    try {
      listed = ApiCalls.of(client).list("/apis/" + PipelineRun.API_VERSION + "/namespaces/"
          + run.getMetadata().getNamespace() + "/taskruns", PIPELINE_RUN_LABEL + "=" + run.getMetadata().getName(),
          GenericKubernetesResourceList.class).getItems();
    } catch (KubernetesClientException e) {
      missing.add("the PipelineRun's TaskRuns could not be listed: " + e.getMessage());
      return Map.of();
    }
    Map<String, JsonNode> result = byTask(run, listed);
    if (!result.isEmpty()) {
      recent.put(key, result);
    }
    return result;
  }

  /**
   * The cached TaskRuns when they are the run's as it ended: every TaskRun its childReferences name is cached and
   * has ended (Tekton ends a run's TaskRuns before the run; the watch may lag the run's own event).
   */
  private static Optional<Map<String, JsonNode>> current(PipelineRun run, List<GenericKubernetesResource> cachedRuns) {
    // A TaskRun's Succeeded condition reads as a PipelineRun's does.
    if (!cachedRuns.stream().allMatch(taskRun -> PipelineRunStates.of(taskRun).finished())) {
      return Optional.empty();
    }
    Set<String> cachedNames = cachedRuns.stream().map(tr -> tr.getMetadata().getName()).collect(Collectors.toSet());
    boolean allThere = RunFields.maps(run, "status", "childReferences").stream()
        .filter(c -> KIND.equals(RunFields.text(c, "kind")) || RunFields.text(c, "kind") == null)
        .allMatch(c -> cachedNames.contains(RunFields.text(c, "name")));
    return allThere ? Optional.of(byTask(run, cachedRuns)) : Optional.empty();
  }

  /** The run's own TaskRuns among {@code found}, by pipeline task name in the order of its childReferences. */
  private static Map<String, JsonNode> byTask(PipelineRun run, List<GenericKubernetesResource> found) {
    List<Map<String, Object>> children = RunFields.maps(run, "status", "childReferences");
    Set<String> named = children.stream().map(c -> RunFields.text(c, "name")).filter(Objects::nonNull)
        .collect(Collectors.toSet());
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (GenericKubernetesResource taskRun : found) {
      if (RunFields.ownedBy(taskRun, run.getMetadata().getUid()) || named.contains(taskRun.getMetadata().getName())) {
        byName.put(taskRun.getMetadata().getName(), RunTrees.tree(taskRun));
      }
    }
    Map<String, JsonNode> byTask = new LinkedHashMap<>();
    for (Map<String, Object> child : children) {
      JsonNode taskRun = byName.remove(RunFields.text(child, "name"));
      if (taskRun != null) {
        byTask.put(Objects.requireNonNullElse(RunFields.text(child, "pipelineTaskName"), pipelineTask(taskRun)),
            taskRun);
      }
    }
    byName.values().forEach(taskRun -> byTask.putIfAbsent(pipelineTask(taskRun), taskRun));
    return Collections.unmodifiableMap(byTask);
  }

  private static String pipelineTask(JsonNode taskRun) {
    return taskRun.path("metadata").path("labels").path(PIPELINE_TASK_LABEL)
        .asText(taskRun.path("metadata").path("name").asText());
  }
}
