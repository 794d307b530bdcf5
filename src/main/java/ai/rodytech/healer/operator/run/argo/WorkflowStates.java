package ai.rodytech.healer.operator.run.argo;

import ai.rodytech.healer.operator.run.RunHandle;
import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.engine.RunFields;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Workflow's state from {@code status.phase}, as Argo writes it: {@code Succeeded}; {@code Failed} or
 * {@code Error} (failed for good: Argo keeps a workflow Running while a retryStrategy retries a node); anything
 * else running — retrying when a Retry node runs again after a failed try. A workflow that ran no pod at all
 * (a template that does not exist, an invalid spec), one stopped or terminated by a person, or one past its own
 * deadline goes to a person.
 */
final class WorkflowStates {
  static final Set<String> FAILED = Set.of("Failed", "Error");

  private WorkflowStates() {}

  static RunState of(GenericKubernetesResource workflow) {
    String phase = RunFields.text(workflow, "status", "phase");
    String at = RunFields.text(workflow, "status", "finishedAt");
    if ("Succeeded".equals(phase)) {
      return new RunState.Succeeded(RunHandle.instant(at));
    }
    Map<String, Object> nodes = RunFields.map(workflow, "status", "nodes");
    if (failed(phase)) {
      String message = RunFields.text(workflow, "status", "message");
      return new RunState.Failed(RunHandle.instant(at), phase, message, forPerson(phase, message, nodes));
    }
    for (Object value : nodes.values()) {
      if (value instanceof Map<?, ?> node && "Retry".equals(node.get("type")) && "Running".equals(node.get("phase"))
          && node.get("children") instanceof List<?> children && children.stream()
              .map(nodes::get).anyMatch(c -> c instanceof Map<?, ?> child && failed(child.get("phase")))) {
        return new RunState.Retrying("Argo retries node " + node.get("displayName") + " (retryStrategy)");
      }
    }
    return new RunState.Running();
  }

  /** Whether a workflow's or node's phase is Failed or Error. */
  static boolean failed(Object phase) {
    return phase instanceof String p && FAILED.contains(p);
  }

  /** Why a failed workflow goes to a person, else null (a pod's failure, which a brain judges). */
  static String forPerson(String phase, String message, Map<String, Object> nodes) {
    String said = message == null || message.isBlank() ? "" : " (" + message + ")";
    String text = Objects.requireNonNullElse(message, "");
    if (text.startsWith("Stopped with strategy")) {
      return "the Workflow was stopped by a person" + said + ", so the healer does not run it again";
    }
    if (text.contains("Step exceeded its deadline") || text.contains("Max duration limit exceeded")) {
      return "the Workflow ran past its deadline (activeDeadlineSeconds)" + said + "; how long a workflow may run is"
          + " a person's decision, and running it again would likely time out again";
    }
    boolean ranAPod = nodes.values().stream().anyMatch(v -> v instanceof Map<?, ?> n && "Pod".equals(n.get("type")));
    if (!ranAPod) {
      return "Argo could not run the Workflow (phase " + phase + ")" + said + "; its definition must be fixed by a"
          + " person, running it again changes nothing";
    }
    return null;
  }
}
