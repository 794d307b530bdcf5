package ai.rodytech.healer.sim.engine;

import ai.rodytech.healer.sim.ImageIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod an engine creates for one task or node, and the statuses a kubelet writes for it: every container
 * running from the start (steps and Argo's main and wait containers start together and coordinate among
 * themselves), then each terminated as the engine's run of its steps says.
 */
public final class StepPods {
  static final String NODE = "sim-node-1";
  static final String NODE_IP = "10.0.0.10";

  /**
   * How one container of the pod ended.
   *
   * @param reason Completed, Error, OOMKilled, or a reason of the engine's own (Tekton: TaskRunTimeout)
   */
  public record ContainerEnd(int exitCode, String reason, Instant startedAt, Instant finishedAt) {
    public static ContainerEnd completed(Instant from, Instant to) {
      return new ContainerEnd(0, "Completed", from, to);
    }
  }

  private StepPods() {}

  /**
   * A pod named {@code name}, controlled by {@code owner} (any object with apiVersion, kind and metadata), on the
   * simulated node, with these containers.
   */
  public static ObjectNode pod(JsonNode owner, String name, Map<String, String> labels, Map<String, String> annotations,
      List<Container> initContainers, List<Container> containers, String serviceAccountName) {
    ObjectNode pod = Serialization.jsonMapper().createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode metadata = pod.putObject("metadata");
    metadata.put("name", name).put("namespace", owner.path("metadata").path("namespace").asText());
    metadata.set("labels", Serialization.jsonMapper().valueToTree(labels));
    metadata.set("annotations", Serialization.jsonMapper().valueToTree(annotations));
    metadata.putArray("ownerReferences").addObject()
        .put("apiVersion", owner.path("apiVersion").asText())
        .put("kind", owner.path("kind").asText())
        .put("name", owner.path("metadata").path("name").asText())
        .put("uid", owner.path("metadata").path("uid").asText())
        .put("controller", true)
        .put("blockOwnerDeletion", true);
    ObjectNode spec = pod.putObject("spec");
    spec.put("restartPolicy", "Never").put("nodeName", NODE);
    if (serviceAccountName != null && !serviceAccountName.isEmpty()) {
      spec.put("serviceAccountName", serviceAccountName);
    }
    if (!initContainers.isEmpty()) {
      spec.set("initContainers", Serialization.jsonMapper().valueToTree(initContainers));
    }
    spec.set("containers", Serialization.jsonMapper().valueToTree(containers));
    return pod;
  }

  /** The status of a pod whose init containers have completed and whose containers all run. */
  public static ObjectNode running(JsonNode pod, Instant started) {
    ObjectNode status = base(pod, started, "Running", true);
    Instant at = started;
    ArrayNode init = status.putArray("initContainerStatuses");
    for (JsonNode c : pod.path("spec").path("initContainers")) {
      init.add(containerStatus(pod, c, terminated(pod, c, ContainerEnd.completed(at, at)), false));
    }
    ArrayNode app = status.putArray("containerStatuses");
    for (JsonNode c : pod.path("spec").path("containers")) {
      ObjectNode state = Serialization.jsonMapper().createObjectNode();
      state.putObject("running").put("startedAt", time(at));
      app.add(containerStatus(pod, c, state, true));
    }
    return status;
  }

  /**
   * The status of a pod whose containers have all ended as {@code ends} says (a container not listed: Completed
   * over the pod's lifetime); phase Failed when {@code failed}.
   */
  public static ObjectNode terminated(JsonNode pod, Map<String, ContainerEnd> ends, Instant started, Instant ended,
      boolean failed) {
    ObjectNode status = base(pod, started, failed ? "Failed" : "Succeeded", false);
    ArrayNode init = status.putArray("initContainerStatuses");
    for (JsonNode c : pod.path("spec").path("initContainers")) {
      init.add(containerStatus(pod, c, terminated(pod, c, ContainerEnd.completed(started, started)), false));
    }
    ArrayNode app = status.putArray("containerStatuses");
    for (JsonNode c : pod.path("spec").path("containers")) {
      ContainerEnd end = ends.getOrDefault(c.path("name").asText(), ContainerEnd.completed(started, ended));
      app.add(containerStatus(pod, c, terminated(pod, c, end), false));
    }
    return status;
  }

  /** The terminated state of one container, as a pod status and Tekton's step states write it. */
  public static ObjectNode terminated(JsonNode pod, JsonNode container, ContainerEnd end) {
    ObjectNode state = Serialization.jsonMapper().createObjectNode();
    ObjectNode terminated = state.putObject("terminated");
    terminated.put("exitCode", end.exitCode()).put("reason", end.reason());
    if (end.startedAt() != null) {
      terminated.put("startedAt", time(end.startedAt()));
    }
    terminated.put("finishedAt", time(end.finishedAt())).put("containerID", containerId(pod, container));
    return state;
  }

  /** The imageID the runtime reports for a container of the pod. */
  public static String imageId(JsonNode container) {
    return ImageIds.resolve(container.path("image").asText());
  }

  /** A container's memory limit, null when it has none. */
  public static Quantity memoryLimit(Container container) {
    var resources = container.getResources();
    return resources == null || resources.getLimits() == null ? null : resources.getLimits().get("memory");
  }

  /** A container's literal environment variables, in order (valueFrom ones are left out). */
  public static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnv() != null) {
      container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
    }
    return env;
  }

  /** Kubernetes writes times as RFC 3339 in whole seconds. */
  public static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static ObjectNode base(JsonNode pod, Instant started, String phase, boolean ready) {
    ObjectNode status = Serialization.jsonMapper().createObjectNode();
    status.put("phase", phase);
    ArrayNode conditions = status.putArray("conditions");
    String at = time(started);
    for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")) {
      boolean on = ready || type.equals("Initialized") || type.equals("PodScheduled");
      ObjectNode condition = conditions.addObject().put("type", type).put("status", on ? "True" : "False");
      if (!on && (type.equals("Ready") || type.equals("ContainersReady"))) {
        condition.put("reason", phase.equals("Succeeded") ? "PodCompleted" : "PodFailed");
      }
      condition.put("lastTransitionTime", at);
    }
    String podIp = "10.244.1." + (2 + Math.floorMod(pod.path("metadata").path("name").asText().hashCode(), 250));
    status.put("hostIP", NODE_IP).put("podIP", podIp).put("startTime", at);
    return status;
  }

  private static ObjectNode containerStatus(JsonNode pod, JsonNode container, ObjectNode state, boolean running) {
    ObjectNode status = Serialization.jsonMapper().createObjectNode();
    status.put("name", container.path("name").asText())
        .put("image", container.path("image").asText())
        .put("imageID", imageId(container))
        .put("containerID", containerId(pod, container))
        .put("ready", running)
        .put("started", running)
        .put("restartCount", 0);
    status.set("state", state);
    return status;
  }

  private static String containerId(JsonNode pod, JsonNode container) {
    // A stable 64-hex-digit ID per pod and container, shaped as containerd's.
    String key = pod.path("metadata").path("uid").asText() + "/" + container.path("name").asText();
    return "containerd://" + uuidHex(key) + uuidHex(key + "#");
  }

  private static String uuidHex(String key) {
    return java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString()
        .replace("-", "");
  }
}
