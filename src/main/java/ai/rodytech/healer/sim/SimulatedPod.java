package ai.rodytech.healer.sim;

import ai.rodytech.healer.sim.PodModel.Slot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated kubelet's side of one pod (Kubernetes 1.31): it starts the containers as the pod's
 * {@link RunOutcome} instance says (init containers first, native sidecars kept running), ends them, restarts a
 * failed container in place under {@code restartPolicy: OnFailure} with the kubelet's crash-loop back-off, stops
 * every container (SIGTERM, exit 143) when the pod is deleted and then removes it, or leaves the pod Pending when
 * an image cannot be pulled or the scheduler cannot place it. Each change is written as the pod's whole status and
 * reported to the pod's controller.
 */
final class SimulatedPod {

  /** The controller of the pod: it supplies the container instances and hears of every change. */
  interface Owner {
    /** How the next container instance of the run ends. */
    RunOutcome nextInstance();

    /** Called on the pool after each change of the pod. */
    void podChanged(Report report);
  }

  /** The pod as its controller sees it after a change. */
  record Report(SimulatedPod pod, String name, String phase, int restarts, boolean ready, boolean stuck,
      boolean gone, Instant finishedAt, long sequence) {
    boolean terminal() {
      return phase.equals("Succeeded") || phase.equals("Failed");
    }
  }

  /** How long a container takes to exit after the kubelet's SIGTERM (CI tools stop at once). */
  static final Duration STOP_TAKES = Duration.ofSeconds(1);
  /** The kubelet's back-off for crashed containers and failed pulls: 10 s, doubling, at most 5 minutes. */
  static final Duration BACK_OFF = Duration.ofSeconds(10);
  static final Duration MAX_BACK_OFF = Duration.ofMinutes(5);
  /** How long ErrImagePull shows before the next pod sync turns it into ImagePullBackOff. */
  static final Duration PULL_ERROR_SHOWN = Duration.ofSeconds(1);
  static final int SIGTERM_EXIT = 143;

  private final SimulationContext sim;
  private final Pod pod;
  private final PodModel model;
  private final Owner owner;
  private final boolean restartsInPlace;
  private RunOutcome current;
  private Slot subject;
  private Instant instanceStarted;
  private ScheduledFuture<?> timer;
  private int crashes;
  /** Numbers the reports, which reach the owner on the pool's threads in any order. */
  private final AtomicLong reports = new AtomicLong();
  private boolean terminating;
  private boolean gone;
  private boolean stuck;
  private Instant finishedAt;

  SimulatedPod(SimulationContext sim, Pod created, Owner owner) {
    this.sim = sim;
    this.pod = created;
    this.model = new PodModel(created);
    this.owner = owner;
    this.restartsInPlace = "OnFailure".equals(created.getSpec().getRestartPolicy());
  }

  String namespace() {
    return pod.getMetadata().getNamespace();
  }

  String name() {
    return pod.getMetadata().getName();
  }

  String uid() {
    return pod.getMetadata().getUid();
  }

  synchronized boolean stuck() {
    return stuck;
  }

  synchronized boolean ready() {
    return model.ready();
  }

  /** Starts the pod with its first container instance. */
  synchronized void start(RunOutcome first) {
    Instant now = sim.clock.instant();
    model.startTime = now;
    if (first.neverScheduled()) {
      stuck = true;
      model.unschedulable = first.unschedulable();
      write();
      sim.events.record(SimulationContext.SCHEDULER, pod, null, "Warning", "FailedScheduling", first.unschedulable());
      report();
      return;
    }
    Slot unpullable = model.slots.stream().filter(s -> sim.unpullable.test(s.container.getImage())).findFirst()
        .orElse(null);
    if (unpullable != null) {
      stuck = true;
      current = first;
      startBefore(unpullable, now, false);
      pullFails(unpullable, 0);
      return;
    }
    begin(first, false);
  }

  /** The pod is being deleted (it got a deletionTimestamp): stop the containers, then remove it. */
  synchronized void terminate() {
    if (terminating || gone) {
      return;
    }
    terminating = true;
    cancelTimer();
    if (model.unschedulable != null || model.terminal()) {
      return; // the API server removes such a pod at once; its removal is reported by removed()
    }
    List<Slot> running = model.slots.stream().filter(Slot::running).toList();
    running.forEach(s -> sim.events.record(SimulationContext.KUBELET, pod, s.fieldPath(), "Normal", "Killing",
        "Stopping container " + s.name()));
    timer = sim.after(running.isEmpty() ? Duration.ZERO : STOP_TAKES, this::stopped);
  }

  /** The pod object is gone from the API server. */
  synchronized void removed() {
    if (!gone) {
      gone = true;
      cancelTimer();
      report();
    }
  }

  private void begin(RunOutcome outcome, boolean restart) {
    Instant now = sim.clock.instant();
    current = outcome;
    instanceStarted = now;
    subject = outcome.container() == null ? model.apps().get(0) : model.slot(outcome.container());
    if (!restart) {
      startBefore(subject, now, true);
      sim.logs.put(namespace(), name(), subject.name(), outcome.log());
    } else {
      sim.logs.restart(namespace(), name(), subject.name(), outcome.log());
    }
    subject.state = PodModel.running(now);
    subject.started = true;
    subject.imageId = imageId(subject);
    model.phase = subject.init && !subject.sidecar ? "Pending" : "Running";
    write();
    report();
    timer = sim.after(outcome.duration(), this::end);
  }

  /**
   * Starts what runs alongside or before {@code until}: earlier init containers complete and earlier sidecars
   * keep running; when {@code until} is an app container, so do all of them, and the other app containers run
   * too if {@code othersRun}.
   */
  private void startBefore(Slot until, Instant now, boolean othersRun) {
    for (Slot slot : model.slots) {
      if (slot == until) {
        if (until.init) {
          break;
        }
        continue;
      }
      if (!slot.init && !othersRun) {
        continue;
      }
      slot.imageId = imageId(slot);
      if (slot.init && !slot.sidecar) {
        slot.state = model.terminated(slot, 0, "Completed", now, now);
      } else {
        slot.state = PodModel.running(now);
        slot.started = true;
      }
    }
  }

  private synchronized void end() {
    if (terminating || gone) {
      return;
    }
    Instant now = sim.clock.instant();
    int exit = current.exitCode();
    if (exit != 0 && restartsInPlace) {
      crash(now);
      return;
    }
    subject.state = model.terminated(subject, exit, current.terminationReason(), instanceStarted, now);
    for (Slot slot : model.slots) {
      if (slot == subject) {
        continue;
      }
      if (slot.sidecar && slot.running()) {
        // Native sidecars are stopped once the main containers have ended.
        int code = current.sidecarExitCode();
        slot.state = model.terminated(slot, code, code == 0 ? "Completed" : "Error", startedAt(slot), now);
      } else if (slot.running() || (exit == 0 && !slot.terminated())) {
        slot.state = model.terminated(slot, 0, "Completed", startedAt(slot), now);
      }
    }
    model.phase = exit == 0 ? "Succeeded" : "Failed";
    finishedAt = now;
    write();
    report();
  }

  /** A failed container under OnFailure: restarted at once the first time, then after the crash-loop back-off. */
  private void crash(Instant now) {
    crashes++;
    subject.earlierState = subject.lastState;
    subject.lastState = model.terminated(subject, current.exitCode(), current.terminationReason(), instanceStarted,
        now);
    if (crashes == 1) {
      subject.restarts++;
      begin(owner.nextInstance(), true);
      return;
    }
    Duration backOff = SimulationContext.doubled(BACK_OFF, crashes - 2, MAX_BACK_OFF);
    String podRef = name() + "_" + namespace() + "(" + pod.getMetadata().getUid() + ")";
    subject.state = PodModel.waiting("CrashLoopBackOff",
        "back-off " + goDuration(backOff) + " restarting failed container=" + subject.name() + " pod=" + podRef);
    subject.started = false;
    write();
    sim.events.record(SimulationContext.KUBELET, pod, subject.fieldPath(), "Warning", "BackOff",
        "Back-off restarting failed container " + subject.name() + " in pod " + podRef);
    report();
    timer = sim.after(backOff, this::restart);
  }

  private synchronized void restart() {
    if (!terminating && !gone) {
      subject.restarts++;
      begin(owner.nextInstance(), true);
    }
  }

  /** A pull that fails, then ImagePullBackOff until the next try, with the kubelet's events and wording. */
  private synchronized void pullFails(Slot slot, int attempt) {
    if (terminating || gone) {
      return;
    }
    String image = slot.container.getImage();
    String reference = ImageIds.normalized(image);
    String error = "rpc error: code = NotFound desc = failed to pull and unpack image \"" + reference
        + "\": failed to resolve reference \"" + reference + "\": " + reference + ": not found";
    kubeletEvent(slot, "Normal", "Pulling", "Pulling image \"" + image + "\"");
    kubeletEvent(slot, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + error);
    kubeletEvent(slot, "Warning", "Failed", "Error: ErrImagePull");
    slot.state = PodModel.waiting("ErrImagePull", error);
    write();
    if (attempt == 0) {
      report();
    }
    timer = sim.after(PULL_ERROR_SHOWN, () -> backingOff(slot, attempt));
  }

  private synchronized void backingOff(Slot slot, int attempt) {
    if (terminating || gone) {
      return;
    }
    String message = "Back-off pulling image \"" + slot.container.getImage() + "\"";
    kubeletEvent(slot, "Normal", "BackOff", message);
    kubeletEvent(slot, "Warning", "Failed", "Error: ImagePullBackOff");
    slot.state = PodModel.waiting("ImagePullBackOff", message);
    write();
    timer = sim.after(SimulationContext.doubled(BACK_OFF, attempt, MAX_BACK_OFF).minus(PULL_ERROR_SHOWN), () -> pullFails(slot, attempt + 1));
  }

  /** After the SIGTERM: running containers exit, the pod's final status is written, then the pod is removed. */
  private synchronized void stopped() {
    if (gone) {
      return;
    }
    Instant now = sim.clock.instant();
    for (Slot slot : model.slots) {
      if (slot.running()) {
        int code = slot.sidecar && current != null ? current.sidecarExitCode() : SIGTERM_EXIT;
        slot.state = model.terminated(slot, code, code == 0 ? "Completed" : "Error", startedAt(slot), now);
      } else if (slot.lastState != null && slot.state.getWaiting() != null) {
        // A container waiting to restart shows its last termination once the pod is stopped.
        slot.state = slot.lastState;
        slot.lastState = slot.earlierState;
      }
    }
    boolean allPassed = model.apps().stream().allMatch(Slot::completed);
    model.phase = allPassed ? "Succeeded" : "Failed";
    finishedAt = now;
    write();
    if (!gone) {
      try {
        sim.delete(SimulationContext.podPath(namespace(), name()), Map.of("gracePeriodSeconds", 0));
      } catch (KubernetesClientException e) {
        // The pod went meanwhile; what matters is that it is gone.
      }
      gone = true;
      report();
    }
  }

  private void kubeletEvent(Slot slot, String type, String reason, String message) {
    sim.events.record(SimulationContext.KUBELET, pod, slot.fieldPath(), type, reason, message);
  }

  private void write() {
    try {
      sim.replaceStatus(SimulationContext.podPath(namespace(), name()), model.status(sim.clock.instant()));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      // Deleted meanwhile: the watch reports the removal.
    }
  }

  private void report() {
    Report report = new Report(this, name(), model.phase, model.restarts(), model.ready(), stuck, gone, finishedAt,
        reports.incrementAndGet());
    sim.soon(() -> owner.podChanged(report));
  }

  private String imageId(Slot slot) {
    Map<String, String> ids = current == null ? Map.of() : current.imageIds();
    return ids.getOrDefault(slot.name(), ImageIds.resolve(slot.container.getImage()));
  }

  private Instant startedAt(Slot slot) {
    if (slot.state.getRunning() != null && slot.state.getRunning().getStartedAt() != null) {
      return Instant.parse(slot.state.getRunning().getStartedAt());
    }
    return instanceStarted;
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /** A duration as Go prints one: 10s, 1m20s, 5m0s. */
  static String goDuration(Duration duration) {
    long seconds = duration.getSeconds();
    return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
  }
}
