package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.EnvChange;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms in which the healer compares and re-creates a PipelineRun.
 *
 * <p>Comparable: the run without status, server metadata, {@code spec.status} (a cancelled or pending copy would
 * never run), the label Tekton's controller writes ({@code tekton.dev/pipeline}) and the annotations Tekton Results
 * and Chains write about this run (they would name the old run's records and signatures).
 *
 * <p>Resolved for a plan: a retry re-runs the same Pipeline by reference. A plan that changes a step (memory, a
 * step's image or variable) needs that step in the run: the Pipeline as Tekton resolved it
 * ({@code status.pipelineSpec}) replaces the {@code pipelineRef}, and the planned task's Task as its TaskRun
 * resolved it ({@code status.taskSpec}) replaces its {@code taskRef}; every other task keeps its reference. A
 * variable the plan changes that the step inherits from the Task's {@code stepTemplate} is written on the step
 * itself (Tekton merges the two by name, the step winning), so the change sits where the plan names it. A
 * pipeline parameter the run does not set is written with the Pipeline's default before it is pinned. Timeouts are
 * kept as they were: {@code spec.timeouts} and each task's {@code timeout} come over unchanged. No alpha feature is
 * needed: inline specs are Tekton v1's stable API.
 */
final class PipelineRunForms {
  /** {@code $(params.name)} and {@code $(params["name"])}, Tekton's references to a string parameter. */
  private static final Pattern PARAM_REFERENCE =
      Pattern.compile("\\$\\(params(?:\\.([-\\w]+)|\\[[\"']([-\\w.]+)[\"']\\])\\)");
  private static final Predicate<String> ENGINE_LABELS = Set.of("tekton.dev/pipeline")::contains;
  private static final Predicate<String> ENGINE_ANNOTATIONS =
      key -> key.startsWith("results.tekton.dev/") || key.startsWith("chains.tekton.dev/");

  private PipelineRunForms() {}

  static ObjectNode comparable(JsonNode run) {
    ObjectNode copy = RunTrees.withoutServerFields(run, ENGINE_LABELS, ENGINE_ANNOTATIONS);
    if (copy.get("spec") instanceof ObjectNode spec) {
      spec.remove("status");
    }
    return copy;
  }

  /**
   * {@link #comparable} with what {@code plan} changes resolved into it.
   *
   * @param run the failed run (with its status)
   * @param taskRuns its TaskRuns by pipeline task name, read only for a plan that changes a step
   */
  static ObjectNode resolved(JsonNode run, Supplier<Map<String, JsonNode>> taskRuns, RecoveryPlan plan) {
    ObjectNode form = comparable(run);
    if (plan instanceof VersionPin pin && TektonLayout.PARAMS.equals(pin.container())) {
      declareParam(form, run.path("status").path("pipelineSpec"), pin.envName());
      return form;
    }
    String step;
    List<String> variables = new ArrayList<>();
    if (plan instanceof MemoryBump bump) {
      step = bump.container();
      bump.heapCaps().stream().map(EnvChange::name).forEach(variables::add);
    } else if (plan instanceof VersionPin pin) {
      step = pin.container();
      if (!pin.image()) {
        variables.add(pin.envName());
      }
    } else {
      return form;
    }
    int slash = step.indexOf('/');
    if (slash < 0) {
      return form;
    }
    String task = step.substring(0, slash);
    String stepName = step.substring(slash + 1);
    JsonNode taskRun = taskRuns.get().get(task);
    inline(form, run.path("status").path("pipelineSpec"), task, taskRun);
    variables.forEach(name -> inheritInStep(form, task, stepName, name));
    if (plan instanceof VersionPin pin && pin.image()) {
      stepOf(form, task, stepName).ifPresent(s -> substituteImage(s, taskRun));
    }
    return form;
  }

  /**
   * A step image given by a task parameter ({@code $(params.builder-image)}) written as the image it ran with,
   * so that pinning it to a digest changes a tag into a digest of the same repository and not a reference into
   * an image. The values are the TaskRun's: its params (as the pipeline passed them) over the Task's defaults.
   */
  private static void substituteImage(ObjectNode step, JsonNode taskRun) {
    String image = step.path("image").asText("");
    if (taskRun == null || !image.contains("$(params.")) {
      return;
    }
    Map<String, String> values = new HashMap<>();
    RunTrees.elements(taskRun.path("status").path("taskSpec").path("params"))
        .filter(p -> p.path("default").isTextual())
        .forEach(p -> values.put(p.path("name").asText(), p.path("default").asText()));
    RunTrees.elements(taskRun.path("spec").path("params"))
        .filter(p -> p.path("value").isTextual())
        .forEach(p -> values.put(p.path("name").asText(), p.path("value").asText()));
    Matcher m = PARAM_REFERENCE.matcher(image);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      if (!values.containsKey(name)) {
        return;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(name)));
    }
    m.appendTail(out);
    step.put("image", out.toString());
  }

  private static Optional<ObjectNode> stepOf(ObjectNode form, String task, String stepName) {
    for (String list : TektonLayout.TASK_LISTS) {
      for (JsonNode pipelineTask : form.path("spec").path("pipelineSpec").path(list)) {
        JsonNode steps = pipelineTask.path("taskSpec").path("steps");
        for (int j = 0; j < steps.size() && task.equals(pipelineTask.path("name").asText()); j++) {
          if (steps.get(j) instanceof ObjectNode step && stepName.equals(TektonLayout.stepName(step, j))) {
            return Optional.of(step);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The resolved Pipeline in place of its reference, and the task's resolved Task in place of its reference. */
  private static void inline(ObjectNode form, JsonNode resolvedPipeline, String task, JsonNode taskRun) {
    ObjectNode spec = form.withObjectProperty("spec");
    if (!spec.path("pipelineSpec").isObject()) {
      if (!resolvedPipeline.isObject()) {
        return;
      }
      spec.set("pipelineSpec", resolvedPipeline.deepCopy());
      spec.remove("pipelineRef");
    }
    JsonNode resolvedTask = taskRun == null ? null : taskRun.path("status").path("taskSpec");
    for (String list : TektonLayout.TASK_LISTS) {
      for (JsonNode entry : spec.path("pipelineSpec").path(list)) {
        if (entry instanceof ObjectNode pipelineTask && task.equals(pipelineTask.path("name").asText())
            && !pipelineTask.path("taskSpec").isObject() && resolvedTask != null && resolvedTask.isObject()) {
          pipelineTask.remove("taskRef");
          pipelineTask.set("taskSpec", resolvedTask.deepCopy());
        }
      }
    }
  }

  /** Writes on the step the stepTemplate's entry for {@code name} when the step does not set it itself. */
  private static void inheritInStep(ObjectNode form, String task, String stepName, String name) {
    for (String list : TektonLayout.TASK_LISTS) {
      for (JsonNode pipelineTask : form.path("spec").path("pipelineSpec").path(list)) {
        if (task.equals(pipelineTask.path("name").asText())) {
          stepOf(form, task, stepName).filter(step -> !hasEntry(step.path("env"), name)).ifPresent(step ->
              RunTrees.elements(pipelineTask.path("taskSpec").path("stepTemplate").path("env"))
                  .filter(e -> name.equals(e.path("name").asText()))
                  .findFirst()
                  .ifPresent(e -> step.withArrayProperty("env").add(e.deepCopy())));
        }
      }
    }
  }

  /** Adds the pipeline parameter to the run's params with the Pipeline's default, when the run does not set it. */
  private static void declareParam(ObjectNode form, JsonNode resolvedPipeline, String name) {
    ObjectNode spec = form.withObjectProperty("spec");
    if (hasEntry(spec.path("params"), name)) {
      return;
    }
    RunTrees.elements(resolvedPipeline.path("params"))
        .filter(p -> name.equals(p.path("name").asText()) && p.path("default").isTextual())
        .findFirst()
        .ifPresent(p -> {
          ArrayNode params = spec.withArrayProperty("params");
          params.addObject().put("name", name).put("value", p.path("default").asText());
        });
  }

  private static boolean hasEntry(JsonNode list, String name) {
    return RunTrees.elements(list).anyMatch(e -> name.equals(e.path("name").asText()));
  }
}
