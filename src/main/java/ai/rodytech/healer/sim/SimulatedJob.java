package ai.rodytech.healer.sim;

import ai.rodytech.healer.sim.RunObjects.JobEnding;
import ai.rodytech.healer.sim.RunObjects.JobModel;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated job controller's work on one Job (Kubernetes 1.31, parallelism and completions 1): it creates a
 * pod at a time, replaces a failed pod after the pod-failure back-off until {@code backoffLimit}, deletes the
 * running pod at {@code activeDeadlineSeconds} or, under {@code restartPolicy: OnFailure}, once its restarts reach
 * the backoff limit, writes the interim condition (FailureTarget, SuccessCriteriaMet) before the terminal one
 * (Failed, Complete) and the terminal one only once no pod is terminating, retries a pod create the API refused
 * with the controller's API back-off and a FailedCreate event, and, as the TTL-after-finished controller, deletes
 * the finished Job with foreground propagation after {@code ttlSecondsAfterFinished}.
 */
final class SimulatedJob implements SimulatedPod.Owner {

  /** What the kubelet facade hears from a Job. */
  interface Listener {
    /** A pod was created for the Job; its deletion and removal must reach it. */
    void podCreated(SimulatedPod pod);

    /** The Job's terminal condition is written. */
    void finished(FinishedRun run);

    /** The Job ended without a terminal condition (deleted, or the simulation closed), or it failed to run. */
    void abandoned(SimulatedJob job, RuntimeException cause);
  }

  /** The pod-failure back-off: 10 s after the first failure, doubling, at most 10 minutes. */
  static final Duration POD_FAILURE_BACK_OFF = Duration.ofSeconds(10);
  static final Duration MAX_POD_FAILURE_BACK_OFF = Duration.ofMinutes(10);
  /** The back-off of a sync that failed (e.g. a refused pod create): 1 s, doubling, at most a minute. */
  static final Duration API_BACK_OFF = Duration.ofSeconds(1);
  static final Duration MAX_API_BACK_OFF = Duration.ofMinutes(1);
  /** The controller never re-syncs a Job sooner than this, nor after a pod changed ({@code syncJobBatchPeriod}). */
  static final Duration SYNC_BATCH = Duration.ofSeconds(1);

  private final SimulationContext sim;
  private final Job job;
  private final RunScript script;
  private final Listener listener;
  private final JobModel status = new JobModel();
  private final AtomicInteger instances = new AtomicInteger();
  private volatile RunOutcome plan;
  private SimulatedPod pod;
  private int podFailures;
  private int refusedCreates;
  private ScheduledFuture<?> deadline;
  private ScheduledFuture<?> retry;
  private JobEnding ending;
  private volatile boolean done;
  private volatile boolean blocked;
  /** Pod changes not yet handled, oldest first, and whether a sync is queued for them. */
  private final List<SimulatedPod.Report> changes = new ArrayList<>();
  private boolean syncQueued;

  SimulatedJob(SimulationContext sim, Job job, RunScript script, Listener listener) {
    this.sim = sim;
    this.job = job;
    this.script = script;
    this.listener = listener;
  }

  String uid() {
    return job.getMetadata().getUid();
  }

  /** Finished, abandoned, or waiting for ever (a pod that never starts, creates refused, and no deadline). */
  boolean settled() {
    return done || blocked;
  }

  /** First sync: asks the script how the run goes, sets startTime, arms the deadline and creates the first pod. */
  synchronized void start() {
    try {
      plan = Objects.requireNonNull(script.run(job), "the run script returned no outcome");
      status.startTime = sim.clock.instant();
      Long seconds = job.getSpec().getActiveDeadlineSeconds();
      if (seconds != null) {
        deadline = sim.after(Duration.ofSeconds(seconds), this::deadlineReached);
      }
      createPod();
    } catch (RuntimeException e) {
      abandon(e);
    }
  }

  /** The Job was deleted, or is being deleted: no more pods (the garbage collector removes the ones there are). */
  synchronized void cancel() {
    if (!done) {
      abandon(null);
    }
  }

  @Override
  public RunOutcome nextInstance() {
    return plan.instance(instances.getAndIncrement());
  }

  /**
   * A pod changed: as the job controller's pod event handlers do ({@code enqueueSyncJobBatched}), the Job is synced
   * {@link #SYNC_BATCH} after the first change, and that one sync sees each pod as it is then. So a Job is
   * reported {@code Failed} (and, with {@code ttlSecondsAfterFinished: 0}, deleted with its pods) no sooner than a
   * second after its pod failed, as on a cluster.
   */
  @Override
  public void podChanged(SimulatedPod.Report report) {
    synchronized (this) {
      if (done) {
        return;
      }
      changes.add(report);
      if (!syncQueued) {
        syncQueued = sim.after(SYNC_BATCH, this::sync) != null;
      }
    }
  }

  private synchronized void sync() {
    syncQueued = false;
    List<SimulatedPod.Report> batch = List.copyOf(changes);
    changes.clear();
    for (int i = 0; i < batch.size(); i++) {
      SimulatedPod.Report report = batch.get(i);
      if (done) {
        return;
      }
      if (supersededIn(batch, i)) {
        continue; // the sync sees the pod as it is now, not each state it went through
      }
      try {
        onPod(report);
      } catch (RuntimeException e) {
        abandon(e);
      }
    }
  }

  /** Whether the batch has a later state of the same pod (reports reach the Job in any order; their sequence tells). */
  private static boolean supersededIn(List<SimulatedPod.Report> batch, int index) {
    SimulatedPod.Report report = batch.get(index);
    for (SimulatedPod.Report other : batch) {
      if (other.pod() == report.pod() && other.sequence() > report.sequence()) {
        return true;
      }
    }
    return false;
  }

  private void onPod(SimulatedPod.Report report) {
    if (report.pod() != pod) {
      return;
    }
    if (ending != null) {
      // Waiting for the deleted pod to be gone before the terminal condition.
      if (report.gone()) {
        pod = null;
        status.terminating = 0;
        status.failed++;
        finish();
      }
      return;
    }
    if (report.terminal() || report.gone()) {
      pod = null;
      status.active = 0;
      status.ready = 0;
      if (report.phase().equals("Succeeded")) {
        finishCounting(JobEnding.COMPLETE, report.pod().uid());
      } else {
        podFailed(report);
      }
      return;
    }
    if (pastBackoffLimitOnFailure(report.restarts())) {
      failTarget(JobEnding.BACKOFF_LIMIT_EXCEEDED);
      return;
    }
    int ready = report.ready() ? 1 : 0;
    if (ready != status.ready) {
      status.ready = ready;
      writeStatus();
    }
  }

  private void createPod() {
    if (done || ending != null) {
      return;
    }
    RunOutcome first = nextInstance();
    Pod created;
    try {
      String path = "/api/v1/namespaces/" + namespace() + "/pods";
      ClusterCalls.Answer answer = sim.calls.call("POST", path, "application/json",
          Serialization.asJson(RunObjects.pod(job, !first.neverScheduled())));
      if (!answer.ok()) {
        throw ClusterCalls.failure("POST", path, answer);
      }
      created = Serialization.unmarshal(answer.body(), Pod.class);
    } catch (KubernetesClientException e) {
      instances.decrementAndGet();
      refused(e);
      return;
    }
    refusedCreates = 0;
    pod = new SimulatedPod(sim, created, this);
    listener.podCreated(pod);
    pod.start(first);
    status.active = 1;
    status.ready = pod.ready() ? 1 : 0;
    writeStatus();
    jobEvent("Normal", "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
    blocked = deadline == null && pod.stuck();
  }

  /** The API refused the pod (quota, LimitRange, a webhook): FailedCreate, then a retry after the back-off. */
  private void refused(KubernetesClientException e) {
    String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : e.getMessage();
    jobEvent("Warning", "FailedCreate", "Error creating: " + message);
    if (refusedCreates++ == 0) {
      writeStatus();
    }
    blocked = deadline == null;
    retry = sim.after(SimulationContext.doubled(API_BACK_OFF, refusedCreates - 1, MAX_API_BACK_OFF), this::retryCreate);
  }

  private synchronized void retryCreate() {
    try {
      createPod();
    } catch (RuntimeException e) {
      abandon(e);
    }
  }

  /** A pod failed (restartPolicy Never, or a pod deleted by someone else). */
  private void podFailed(SimulatedPod.Report report) {
    podFailures++;
    if (podFailures > job.getSpec().getBackoffLimit()) {
      finishCounting(JobEnding.BACKOFF_LIMIT_EXCEEDED, report.pod().uid());
      return;
    }
    status.failed++;
    writeStatus();
    Duration wait = SimulationContext.doubled(POD_FAILURE_BACK_OFF, podFailures - 1, MAX_POD_FAILURE_BACK_OFF);
    if (report.finishedAt() != null) {
      wait = wait.minus(Duration.between(report.finishedAt(), sim.clock.instant()));
    }
    retry = sim.after(wait.compareTo(SYNC_BATCH) < 0 ? SYNC_BATCH : wait, this::retryCreate);
  }

  /**
   * The last pod decided the Job: it waits in uncountedTerminatedPods while the interim condition is written, then
   * is counted as the terminal condition is.
   */
  private void finishCounting(JobEnding end, String podUid) {
    boolean complete = end == JobEnding.COMPLETE;
    List<String> uncounted = complete ? status.uncountedSucceeded : status.uncountedFailed;
    uncounted.add(podUid);
    ending = end;
    status.condition(ending.interimCondition, ending, sim.clock.instant());
    writeStatus();
    uncounted.clear();
    if (complete) {
      status.succeeded++;
    } else {
      status.failed++;
    }
    finish();
  }

  private synchronized void deadlineReached() {
    if (!done && ending == null) {
      try {
        failTarget(JobEnding.DEADLINE_EXCEEDED);
      } catch (RuntimeException e) {
        abandon(e);
      }
    }
  }

  /**
   * FailureTarget: the active pod is deleted first (the kubelet stops it and removes it); Failed follows once it
   * is gone, or at once when there is none.
   */
  private void failTarget(JobEnding failure) {
    ending = failure;
    cancel(retry);
    if (pod != null) {
      sim.delete(SimulationContext.podPath(namespace(), pod.name()), Map.of());
      jobEvent("Normal", "SuccessfulDelete", "Deleted pod: " + pod.name());
      status.active = 0;
      status.ready = 0;
      status.terminating = 1;
    }
    status.condition(ending.interimCondition, ending, sim.clock.instant());
    writeStatus();
    if (pod == null) {
      finish();
    }
  }

  private void finish() {
    Instant now = sim.clock.instant();
    status.condition(ending.finalCondition, ending, now);
    if (ending == JobEnding.COMPLETE) {
      status.completionTime = now;
    }
    writeStatus();
    done = true;
    cancel(deadline);
    cancel(retry);
    listener.finished(new FinishedRun(job, plan, ending.reason, now, System.nanoTime()));
    jobEvent(ending.eventType, ending.eventReason, ending.eventMessage);
    Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
    if (ttl != null) {
      sim.after(Duration.ofSeconds(ttl), this::expire);
    }
  }

  /** The TTL-after-finished controller: foreground deletion, on the condition that it is still this Job. */
  private void expire() {
    try {
      sim.delete(SimulationContext.jobPath(namespace(), job.getMetadata().getName()),
          Map.of("propagationPolicy", "Foreground", "preconditions", Map.of("uid", uid())));
    } catch (KubernetesClientException e) {
      // 409: a new Job took the name; it is not this one to delete.
    }
  }

  private boolean pastBackoffLimitOnFailure(int restarts) {
    if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
      return false;
    }
    int limit = job.getSpec().getBackoffLimit();
    return limit == 0 ? restarts > 0 : restarts >= limit;
  }

  private void writeStatus() {
    sim.replaceStatus(SimulationContext.jobPath(namespace(), job.getMetadata().getName()), status.status());
  }

  private void jobEvent(String type, String reason, String message) {
    sim.events.record(SimulationContext.JOB_CONTROLLER, job, null, type, reason, message);
  }

  private void abandon(RuntimeException cause) {
    done = true;
    cancel(deadline);
    cancel(retry);
    listener.abandoned(this, cause);
  }

  private String namespace() {
    return job.getMetadata().getNamespace();
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
