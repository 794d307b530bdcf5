package ai.rodytech.healer.operator.run.engine;

import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.observe.PodReader.Termination;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an engine's step (a Tekton step, an Argo template's main container) ran with, as its pod shows it: the
 * image, the effective memory and the environment after the engine applied its own rules (step templates,
 * parameters, podSpecPatch), so the planner reads the numbers that bound the step.
 */
public final class StepObservations {

  private StepObservations() {}

  /**
   * One step from its pod's container and status.
   *
   * @param id the step's workload id (task/step, template)
   * @param container the container in the pod spec
   * @param status its status in the pod, or null
   * @param ended how the engine says it ended (exit code and reason), used when the pod does not tell
   */
  public static ContainerObservation fromPod(String id, Container container, ContainerStatus status,
      Optional<Termination> ended) {
    Optional<Termination> termination = PodReader.termination(status).or(() -> ended);
    String imageId = status == null || status.getImageID() == null || status.getImageID().isBlank()
        ? null : status.getImageID();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
      if (var.getValueFrom() == null && var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return new ContainerObservation(id, container.getImage(), imageId, memory(container, true),
        memory(container, false), termination.map(Termination::exitCode).orElse(null),
        termination.map(Termination::reason).orElse(null), env, false);
  }

  /**
   * One step from its spec alone, when its pod is gone: image, memory and plain environment as written.
   *
   * @param resourcesField resources, or computeResources for a Tekton step
   */
  public static ContainerObservation fromSpec(String id, JsonNode step, String resourcesField,
      Optional<Termination> ended) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode var : step.path("env")) {
      if (!var.has("valueFrom") && var.path("value").isTextual()) {
        env.put(var.path("name").asText(), var.path("value").asText());
      }
    }
    JsonNode resources = step.path(resourcesField);
    return new ContainerObservation(id, RunTrees.text(step, "image"), null,
        RunTrees.text(resources.path("limits"), "memory"), RunTrees.text(resources.path("requests"), "memory"),
        ended.map(Termination::exitCode).orElse(null), ended.map(Termination::reason).orElse(null), env, false);
  }

  private static String memory(Container c, boolean limit) {
    if (c.getResources() == null) {
      return null;
    }
    Map<String, Quantity> map = limit ? c.getResources().getLimits() : c.getResources().getRequests();
    return map == null || map.get("memory") == null ? null : map.get("memory").toString();
  }
}
