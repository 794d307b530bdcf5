package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulated kubelet knows of one pod, rendered into the status a kubelet of Kubernetes 1.31 writes: the
 * phase, the conditions, and per container its state, last state, restart count and image.
 */
final class PodModel {
  static final String NODE_IP = "10.0.0.10";

  /** One container of the pod, in start order (init containers first). */
  static final class Slot {
    final Container container;
    final boolean init;
    final boolean sidecar;
    ContainerState state;
    ContainerState lastState;
    /** The termination before lastState, which a stopped pod shows as lastState again. */
    ContainerState earlierState;
    int restarts;
    boolean started;
    String imageId = "";

    Slot(Container container, boolean init, boolean podHasInit) {
      this.container = container;
      this.init = init;
      this.sidecar = init && "Always".equals(container.getRestartPolicy());
      this.state = waiting(init || podHasInit ? "PodInitializing" : "ContainerCreating", null);
    }

    String name() {
      return container.getName();
    }

    boolean running() {
      return state.getRunning() != null;
    }

    boolean terminated() {
      return state.getTerminated() != null;
    }

    boolean completed() {
      return terminated() && state.getTerminated().getExitCode() == 0;
    }

    String fieldPath() {
      return (init ? "spec.initContainers{" : "spec.containers{") + name() + "}";
    }
  }

  private record Since(boolean status, String at) {}

  final Pod pod;
  final List<Slot> slots = new ArrayList<>();
  String phase = "Pending";
  /** The scheduler's message while the pod is not scheduled, else null. */
  String unschedulable;
  Instant startTime;
  private final Map<String, Since> conditions = new HashMap<>();

  PodModel(Pod pod) {
    this.pod = pod;
    var init = pod.getSpec().getInitContainers() == null ? List.<Container>of() : pod.getSpec().getInitContainers();
    init.forEach(c -> slots.add(new Slot(c, true, true)));
    pod.getSpec().getContainers().forEach(c -> slots.add(new Slot(c, false, !init.isEmpty())));
  }

  Slot slot(String name) {
    return slots.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no container " + name + " in pod " + name()));
  }

  List<Slot> apps() {
    return slots.stream().filter(s -> !s.init).toList();
  }

  List<Slot> sidecars() {
    return slots.stream().filter(s -> s.sidecar).toList();
  }

  String name() {
    return pod.getMetadata().getName();
  }

  boolean terminal() {
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  boolean ready() {
    return !terminal() && unschedulable == null
        && slots.stream().filter(s -> !s.init || s.sidecar).allMatch(Slot::running);
  }

  /** Restarts of every container, as the job controller sums them for restartPolicy OnFailure. */
  int restarts() {
    return slots.stream().mapToInt(s -> s.restarts).sum();
  }

  PodStatus status(Instant now) {
    String at = RunObjects.time(now);
    PodStatusBuilder status = new PodStatusBuilder().withPhase(phase).withQosClass(qosClass());
    if (unschedulable != null) {
      return status.withConditions(condition("PodScheduled", false, "Unschedulable", unschedulable, at)).build();
    }
    String podIp = "10.244.0." + (2 + Math.floorMod(name().hashCode(), 250));
    status.withHostIP(NODE_IP).addNewHostIP(NODE_IP).withPodIP(podIp).addNewPodIP(podIp)
        .withStartTime(RunObjects.time(startTime == null ? now : startTime));
    List<String> incomplete = slots.stream()
        .filter(s -> s.init && !(s.sidecar ? s.started : s.completed())).map(Slot::name).toList();
    List<String> unready = slots.stream()
        .filter(s -> (!s.init || s.sidecar) && !s.running()).map(Slot::name).toList();
    String notReady = phase.equals("Succeeded") ? "PodCompleted" : phase.equals("Failed") ? "PodFailed"
        : "ContainersNotReady";
    String notReadyMessage = terminal() ? null : "containers with unready status: " + bracketed(unready);
    boolean ready = !terminal() && unready.isEmpty();
    status.withConditions(
        condition("PodReadyToStartContainers", !terminal(), null, null, at),
        condition("Initialized", incomplete.isEmpty(), "ContainersNotInitialized",
            "containers with incomplete status: " + bracketed(incomplete), at),
        condition("Ready", ready, notReady, notReadyMessage, at),
        condition("ContainersReady", ready, notReady, notReadyMessage, at),
        condition("PodScheduled", true, null, null, at));
    List<ContainerStatus> init = new ArrayList<>();
    List<ContainerStatus> app = new ArrayList<>();
    for (Slot slot : slots) {
      (slot.init ? init : app).add(containerStatus(slot));
    }
    return status.withInitContainerStatuses(init).withContainerStatuses(app).build();
  }

  private ContainerStatus containerStatus(Slot slot) {
    boolean everStarted = slot.started || slot.restarts > 0 || slot.terminated() || slot.lastState != null;
    return new ContainerStatusBuilder()
        .withName(slot.name())
        .withImage(slot.container.getImage())
        .withImageID(everStarted ? slot.imageId : "")
        .withContainerID(everStarted ? containerId(slot, slot.restarts) : null)
        .withReady(slot.running() && !terminal())
        .withStarted(slot.running())
        .withRestartCount(slot.restarts)
        .withState(slot.state)
        .withLastState(slot.lastState == null ? new ContainerState() : slot.lastState)
        .build();
  }

  /** Conditions keep the time they last changed status, as the kubelet reports them. */
  private PodCondition condition(String type, boolean status, String reason, String message, String at) {
    Since since = conditions.get(type);
    if (since == null || since.status() != status) {
      since = new Since(status, at);
      conditions.put(type, since);
    }
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(status ? null : reason)
        .withMessage(status ? null : message)
        .withLastTransitionTime(since.at())
        .build();
  }

  String containerId(Slot slot, int instance) {
    return "containerd://" + ImageIds.sha256(pod.getMetadata().getUid() + "/" + slot.name() + "/" + instance);
  }

  static ContainerState waiting(String reason, String message) {
    return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
  }

  static ContainerState running(Instant since) {
    return new ContainerStateBuilder().withNewRunning(RunObjects.time(since)).build();
  }

  ContainerState terminated(Slot slot, int exitCode, String reason, Instant from, Instant to) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withStartedAt(from == null ? null : RunObjects.time(from))
        .withFinishedAt(RunObjects.time(to))
        .withContainerID(containerId(slot, slot.restarts))
        .endTerminated()
        .build();
  }

  private static String bracketed(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  private String qosClass() {
    boolean anyResources = false;
    boolean guaranteed = true;
    for (Container c : pod.getSpec().getContainers()) {
      var resources = c.getResources();
      Map<String, ?> limits = resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
      Map<String, ?> requests =
          resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
      anyResources |= !limits.isEmpty() || !requests.isEmpty();
      guaranteed &= limits.containsKey("cpu") && limits.containsKey("memory")
          && (requests.isEmpty() || requests.equals(limits));
    }
    return !anyResources ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }
}
