package ai.rodytech.healer.sim.argo;

import ai.rodytech.healer.sim.engine.StepPods;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;

/**
 * The status of one Workflow, shaped as Argo's controller writes it: phase, times, progress, message and the
 * node tree ({@code status.nodes}, keyed by node ID). Nodes are created and changed only through here.
 */
final class WorkflowStatus {
  final ObjectNode status = Serialization.jsonMapper().createObjectNode();
  private final ObjectNode nodes = status.putObject("nodes");
  private final String workflow;

  WorkflowStatus(String workflow, Instant started) {
    this.workflow = workflow;
    status.put("phase", "Running").put("startedAt", StepPods.time(started)).putNull("finishedAt");
  }

  /** A new node, child of {@code parentId} when not null. */
  ObjectNode add(String nodeName, String displayName, String type, String templateName, String boundaryId,
      String parentId, Instant at) {
    String id = ArgoNames.nodeId(workflow, nodeName);
    ObjectNode node = nodes.putObject(id);
    node.put("id", id).put("name", nodeName).put("displayName", displayName).put("type", type);
    if (templateName != null) {
      node.put("templateName", templateName).put("templateScope", "local/" + workflow);
    }
    node.put("phase", "Running");
    if (boundaryId != null) {
      node.put("boundaryID", boundaryId);
    }
    node.put("startedAt", StepPods.time(at)).putNull("finishedAt");
    if (parentId != null) {
      ((ObjectNode) nodes.get(parentId)).withArray("children").add(id);
    }
    return node;
  }

  ObjectNode node(String id) {
    return (ObjectNode) nodes.get(id);
  }

  /** Ends a node: phase, finishedAt, and a message when there is one. */
  void end(String id, String phase, String message, Instant at) {
    ObjectNode node = node(id);
    node.put("phase", phase).put("finishedAt", StepPods.time(at));
    if (message != null) {
      node.put("message", message);
    }
  }

  /** Completed pods over all pods so far, as Argo's {@code progress} counts them. */
  void updateProgress() {
    int pods = 0;
    int completed = 0;
    for (var node : (Iterable<com.fasterxml.jackson.databind.JsonNode>) nodes::elements) {
      if (node.path("type").asText().equals("Pod")) {
        pods++;
        if (!node.path("phase").asText().equals("Running") && !node.path("phase").asText().equals("Pending")) {
          completed++;
        }
      }
    }
    status.put("progress", completed + "/" + pods);
  }

  /** The workflow's final phase: Succeeded, Failed or Error. */
  void finish(String phase, String message, Instant at) {
    status.put("phase", phase).put("finishedAt", StepPods.time(at));
    if (message != null) {
      status.put("message", message);
    }
    updateProgress();
    var conditions = status.putArray("conditions");
    conditions.addObject().put("type", "PodRunning").put("status", "False");
    conditions.addObject().put("type", "Completed").put("status", "True");
  }
}
