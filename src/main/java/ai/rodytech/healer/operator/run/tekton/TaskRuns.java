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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the TaskRuns of a PipelineRun: one list call by Tekton's {@code tekton.dev/pipelineRun} label, kept only
 * when owned by the run's UID or named in its {@code status.childReferences} (a run re-created under the same name
 * is another run). A failed run's TaskRuns do not change, so the last few runs' are remembered: observing,
 * comparing and re-creating a failed run cost one call together.
 */
final class TaskRuns {
  static final String PIPELINE_RUN_LABEL = "tekton.dev/pipelineRun";
  static final String PIPELINE_TASK_LABEL = "tekton.dev/pipelineTask";
  private static final int REMEMBERED = 64;

  private final KubernetesClient client;
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
   * The run's TaskRuns by pipeline task name, in the order of its childReferences; empty, with a note in
   * {@code missing}, when they cannot be listed.
   */
  Map<String, JsonNode> of(PipelineRun run, List<String> missing) {
    String key = run.getMetadata().getUid() + "/" + run.getMetadata().getResourceVersion();
    Map<String, JsonNode> known = recent.get(key);
    if (known != null) {
      return known;
    }
    List<GenericKubernetesResource> listed;
    try {
      listed = ApiCalls.of(client).list("/apis/" + PipelineRun.API_VERSION + "/namespaces/" + run.getMetadata().getNamespace()
          + "/taskruns", PIPELINE_RUN_LABEL + "=" + run.getMetadata().getName(),
          GenericKubernetesResourceList.class).getItems();
    } catch (KubernetesClientException e) {
      missing.add("the PipelineRun's TaskRuns could not be listed: " + e.getMessage());
      return Map.of();
    }
    List<Map<String, Object>> children = RunFields.maps(run, "status", "childReferences");
    Set<String> named = children.stream().map(c -> RunFields.text(c, "name")).filter(Objects::nonNull)
        .collect(Collectors.toSet());
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (GenericKubernetesResource taskRun : listed) {
      boolean owned = taskRun.getMetadata().getOwnerReferences() != null && taskRun.getMetadata().getOwnerReferences()
          .stream().anyMatch(o -> Objects.equals(o.getUid(), run.getMetadata().getUid()));
      if (owned || named.contains(taskRun.getMetadata().getName())) {
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
    Map<String, JsonNode> result = Collections.unmodifiableMap(byTask);
    if (!result.isEmpty()) {
      recent.put(key, result);
    }
    return result;
  }

  private static String pipelineTask(JsonNode taskRun) {
    return taskRun.path("metadata").path("labels").path(PIPELINE_TASK_LABEL)
        .asText(taskRun.path("metadata").path("name").asText());
  }
}
