package ai.rodytech.healer.operator.run.argo;

import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.engine.CacheViews;
import ai.rodytech.healer.operator.run.engine.RunFields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Workflow informer keeps of each workflow: a failed one whole (the healer observes and resubmits it);
 * others slim — identity, labels, the healer's annotations, the template reference and arguments, phase and times,
 * and of {@code status.nodes} only the pod and retry nodes' id, type, template, phase and children (enough to tell
 * a retry in progress and which template each pod ran). Large node messages, outputs and the stored template spec
 * (its arguments aside) are dropped.
 */
final class WorkflowCacheView {

  private WorkflowCacheView() {}

  static Workflow of(Workflow workflow) {
    if (WorkflowStates.of(workflow) instanceof RunState.Failed) {
      return CacheViews.whole(workflow, Workflow::new);
    }
    return CacheViews.slim(workflow, Workflow::new, CacheViews.of(
        "spec", CacheViews.of(
            "workflowTemplateRef", RunFields.at(workflow, "spec", "workflowTemplateRef"),
            "arguments", RunFields.at(workflow, "spec", "arguments")),
        "status", CacheViews.of(
            "phase", RunFields.at(workflow, "status", "phase"),
            "startedAt", RunFields.at(workflow, "status", "startedAt"),
            "finishedAt", RunFields.at(workflow, "status", "finishedAt"),
            "nodes", nodes(RunFields.map(workflow, "status", "nodes")),
            "storedWorkflowTemplateSpec", CacheViews.of("arguments",
                RunFields.at(workflow, "status", "storedWorkflowTemplateSpec", "arguments")))));
  }

  private static Map<String, Object> nodes(Map<String, Object> nodes) {
    Map<String, Object> kept = new LinkedHashMap<>();
    nodes.forEach((id, value) -> {
      if (value instanceof Map<?, ?> node && ("Pod".equals(node.get("type")) || "Retry".equals(node.get("type")))) {
        kept.put(id, CacheViews.of("id", node.get("id"), "type", node.get("type"),
            "templateName", node.get("templateName"), "displayName", node.get("displayName"),
            "phase", node.get("phase"), "children", node.get("children")));
      }
    });
    return kept;
  }
}
