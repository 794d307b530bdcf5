package ai.rodytech.healer.operator.run.argo;

import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import ai.rodytech.healer.operator.run.CorrectiveRun;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The forms in which the healer compares and resubmits a Workflow.
 *
 * <p>Comparable: the workflow without status, server metadata, the labels and annotations Argo's controller (or
 * server) writes about this object (its phase, completion, archiving, pod name format, who submitted it), and
 * without {@code spec.shutdown} and {@code spec.suspend} (a stopped or suspended copy would not run).
 *
 * <p>Resolved for a plan: a retry resubmits the same spec, by reference when it names a WorkflowTemplate. A plan
 * that changes a template (memory, an image, a variable) needs the template in the workflow: the spec Argo ran
 * ({@code status.storedWorkflowTemplateSpec}, the WorkflowTemplate's spec with the workflow's own fields laid over
 * it) replaces the reference. A workflow parameter the workflow does not set is written with the value it ran with
 * before it is pinned.
 *
 * <p>Corrective: a new Workflow under the lineage's name; one a CronWorkflow started stays owned by it (not as its
 * controller), so it is garbage-collected with it. The failed workflow and its pods are never touched.
 */
final class WorkflowForms {
  static final String CRON_LABEL = "workflows.argoproj.io/cron-workflow";
  static final String TEMPLATE_LABEL = "workflows.argoproj.io/workflow-template";
  private static final Set<String> ENGINE_LABELS = Set.of(
      "workflows.argoproj.io/phase", "workflows.argoproj.io/completed",
      "workflows.argoproj.io/workflow-archiving-status", "workflows.argoproj.io/creator",
      "workflows.argoproj.io/creator-email", "workflows.argoproj.io/creator-preferred-username",
      "workflows.argoproj.io/resubmitted-from-workflow");
  private static final Predicate<String> ENGINE_ANNOTATIONS = Set.of("workflows.argoproj.io/pod-name-format")::contains;

  private WorkflowForms() {}

  static ObjectNode comparable(JsonNode workflow) {
    ObjectNode copy = RunTrees.withoutServerFields(workflow, ENGINE_LABELS::contains, ENGINE_ANNOTATIONS);
    if (copy.get("spec") instanceof ObjectNode spec) {
      spec.remove(List.of("shutdown", "suspend"));
    }
    return copy;
  }

  static ObjectNode resolved(JsonNode workflow, RecoveryPlan plan) {
    ObjectNode form = comparable(workflow);
    JsonNode stored = workflow.path("status").path("storedWorkflowTemplateSpec");
    String unit = plan instanceof MemoryBump bump ? bump.container()
        : plan instanceof VersionPin pin ? pin.container() : null;
    if (unit == null) {
      return form;
    }
    if (WorkflowLayout.ARGUMENTS.equals(unit)) {
      declareParameter(form, stored, ((VersionPin) plan).envName());
    } else if (form.path("spec").has("workflowTemplateRef") && stored.isObject()) {
      ObjectNode spec = stored.deepCopy();
      spec.remove("workflowTemplateRef");
      form.set("spec", spec);
    }
    return form;
  }

  static ObjectNode corrective(ObjectNode form, JsonNode failed, CorrectiveRun next) {
    ObjectNode run = RunTrees.corrective(form, failed.path("metadata").path("namespace").asText(), next);
    for (JsonNode owner : failed.path("metadata").path("ownerReferences")) {
      if ("CronWorkflow".equals(owner.path("kind").asText())) {
        ObjectNode ref = run.withObjectProperty("metadata").putArray("ownerReferences").addObject();
        ref.put("apiVersion", owner.path("apiVersion").asText());
        ref.put("kind", "CronWorkflow");
        ref.put("name", owner.path("name").asText());
        ref.put("uid", owner.path("uid").asText());
        break;
      }
    }
    return run;
  }

  /** Adds the parameter to spec.arguments with the value the workflow ran with, when it does not set it. */
  private static void declareParameter(ObjectNode form, JsonNode stored, String name) {
    ObjectNode arguments = form.withObjectProperty("spec").withObjectProperty("arguments");
    boolean set = RunTrees.elements(arguments.path("parameters")).anyMatch(p -> name.equals(p.path("name").asText()));
    if (set) {
      return;
    }
    RunTrees.elements(stored.path("arguments").path("parameters"))
        .filter(p -> name.equals(p.path("name").asText()) && p.path("value").isTextual())
        .findFirst()
        .ifPresent(p -> arguments.withArrayProperty("parameters").addObject()
            .put("name", name).put("value", p.path("value").asText()));
  }
}
