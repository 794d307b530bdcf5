package ai.rodytech.healer.sim.tekton;

import ai.rodytech.healer.sim.engine.EngineApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a PipelineRun as Tekton's reconciler does before it creates any TaskRun: the Pipeline (inline or by
 * pipelineRef), its structural validity, the parameters it requires, and every pipeline task's Task (inline or by
 * taskRef). A problem becomes the PipelineRun's failure reason: CouldntGetPipeline, PipelineValidationFailed,
 * ParameterMissing or CouldntGetTask.
 */
final class PipelineResolution {

  /** What resolving a run gives: everything to run it, or why it cannot run. */
  sealed interface Outcome permits Resolved, Rejected {}

  /** The run cannot start; Tekton writes Succeeded=False with this reason and message. */
  record Rejected(String reason, String message) implements Outcome {}

  /**
   * A pipeline task ready to become TaskRuns.
   *
   * @param taskName the Task's name when referenced by taskRef, else null
   * @param params the task's parameter values: the pipeline task's, substituted, over the Task's defaults
   */
  record ResolvedTask(JsonNode pipelineTask, boolean isFinally, String taskName, ObjectNode taskSpec,
      Map<String, String> params) {
    String name() {
      return pipelineTask.path("name").asText();
    }

    List<String> runAfter() {
      List<String> after = new ArrayList<>();
      pipelineTask.path("runAfter").forEach(n -> after.add(n.asText()));
      return after;
    }
  }

  /** A run ready to start. */
  record Resolved(String pipelineName, ObjectNode pipelineSpec, List<ResolvedTask> tasks,
      List<ResolvedTask> finallyTasks) implements Outcome {}

  private PipelineResolution() {}

  static Outcome resolve(EngineApi api, JsonNode run) {
    String ns = run.path("metadata").path("namespace").asText();
    String runName = run.path("metadata").path("name").asText();
    JsonNode spec = run.path("spec");
    String pipelineName;
    ObjectNode pipelineSpec;
    if (spec.path("pipelineSpec").isObject()) {
      pipelineName = runName;
      pipelineSpec = (ObjectNode) spec.path("pipelineSpec").deepCopy();
    } else {
      pipelineName = spec.path("pipelineRef").path("name").asText("");
      JsonNode pipeline = pipelineName.isEmpty() ? null
          : api.get("/apis/tekton.dev/v1/namespaces/" + ns + "/pipelines/" + pipelineName);
      if (pipeline == null) {
        return new Rejected("CouldntGetPipeline", "Error retrieving pipeline for pipelinerun " + ns + "/" + runName
            + ": pipelines.tekton.dev \"" + pipelineName + "\" not found");
      }
      pipelineSpec = (ObjectNode) pipeline.path("spec").deepCopy();
    }
    String invalid = invalidity(pipelineSpec);
    if (invalid != null) {
      return new Rejected("PipelineValidationFailed",
          "Pipeline " + ns + "/" + pipelineName + " can't be Run; it has an invalid spec: " + invalid);
    }
    Map<String, String> params = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    Map<String, String> given = TektonParams.values(spec.path("params"));
    for (JsonNode p : pipelineSpec.path("params")) {
      String name = p.path("name").asText();
      if (given.containsKey(name)) {
        params.put(name, given.get(name));
      } else if (p.path("default").isTextual()) {
        params.put(name, p.path("default").asText());
      } else {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      return new Rejected("ParameterMissing", "PipelineRun " + ns + "/" + runName + " parameters is missing some"
          + " parameters required by Pipeline " + pipelineName + "'s parameters: PipelineRun missing parameters: "
          + missing);
    }
    TektonParams context = TektonParams.forPipelineRun(params, run);
    List<ResolvedTask> tasks = new ArrayList<>();
    List<ResolvedTask> finallyTasks = new ArrayList<>();
    Map<String, ObjectNode> fetched = new LinkedHashMap<>();
    for (String field : List.of("tasks", "finally")) {
      for (JsonNode pipelineTask : pipelineSpec.path(field)) {
        String taskName = pipelineTask.path("taskRef").path("name").asText(null);
        ObjectNode taskSpec;
        if (pipelineTask.path("taskSpec").isObject()) {
          taskSpec = (ObjectNode) pipelineTask.path("taskSpec").deepCopy();
        } else {
          taskSpec = fetched.computeIfAbsent(taskName, name -> {
            JsonNode task = api.get("/apis/tekton.dev/v1/namespaces/" + ns + "/tasks/" + name);
            return task == null ? null : (ObjectNode) task.path("spec").deepCopy();
          });
          if (taskSpec == null) {
            return new Rejected("CouldntGetTask", "Pipeline " + ns + "/" + pipelineName + " can't be Run; it contains"
                + " Tasks that don't exist: Couldn't retrieve Task \"" + taskName + "\": tasks.tekton.dev \""
                + taskName + "\" not found");
          }
          taskSpec = taskSpec.deepCopy();
        }
        Map<String, String> taskParams = new LinkedHashMap<>();
        for (JsonNode p : taskSpec.path("params")) {
          if (p.path("default").isTextual()) {
            taskParams.put(p.path("name").asText(), p.path("default").asText());
          }
        }
        TektonParams.values(pipelineTask.path("params")).forEach((k, v) -> taskParams.put(k, context.substitute(v)));
        ResolvedTask resolved = new ResolvedTask(pipelineTask, field.equals("finally"), taskName, taskSpec, taskParams);
        (resolved.isFinally() ? finallyTasks : tasks).add(resolved);
      }
    }
    return new Resolved(pipelineName, pipelineSpec, tasks, finallyTasks);
  }

  /** Why the spec cannot run (worded after Tekton's field errors), or null. */
  private static String invalidity(JsonNode spec) {
    if (spec.path("tasks").size() == 0) {
      return "expected at least one, got none: spec.tasks";
    }
    Set<String> names = new HashSet<>();
    for (String field : List.of("tasks", "finally")) {
      int i = 0;
      for (JsonNode task : spec.path(field)) {
        String name = task.path("name").asText("");
        if (!names.add(name)) {
          return "expected names to be unique, \"" + name + "\" is used more than once: spec." + field + "[" + i + "].name";
        }
        boolean ref = task.path("taskRef").isObject();
        boolean inline = task.path("taskSpec").isObject();
        if (ref == inline) {
          return (ref ? "expected exactly one, got both" : "expected exactly one, got neither") + ": spec." + field
              + "[" + i + "].taskRef, spec." + field + "[" + i + "].taskSpec";
        }
        i++;
      }
    }
    Set<String> dagNames = new HashSet<>();
    spec.path("tasks").forEach(t -> dagNames.add(t.path("name").asText()));
    int i = 0;
    for (JsonNode task : spec.path("tasks")) {
      for (JsonNode after : task.path("runAfter")) {
        if (!dagNames.contains(after.asText())) {
          return "invalid value: couldn't add link between " + task.path("name").asText() + " and " + after.asText()
              + ": task " + task.path("name").asText() + " depends on " + after.asText() + " but " + after.asText()
              + " wasn't present in Pipeline: spec.tasks[" + i + "].runAfter";
        }
      }
      i++;
    }
    return cycle(spec.path("tasks"));
  }

  private static String cycle(JsonNode tasks) {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    tasks.forEach(t -> {
      List<String> after = new ArrayList<>();
      t.path("runAfter").forEach(a -> after.add(a.asText()));
      edges.put(t.path("name").asText(), after);
    });
    for (String start : edges.keySet()) {
      if (reaches(start, start, edges, new HashSet<>())) {
        return "invalid value: cycle detected; task \"" + start + "\" depends on itself: spec.tasks";
      }
    }
    return null;
  }

  private static boolean reaches(String from, String target, Map<String, List<String>> edges, Set<String> seen) {
    for (String next : edges.getOrDefault(from, List.of())) {
      if (next.equals(target)) {
        return true;
      }
      if (seen.add(next) && reaches(next, target, edges, seen)) {
        return true;
      }
    }
    return false;
  }
}
