package ai.rodytech.healer.operator.run.job;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.RunRef;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.observe.PodEvidence;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.observe.PodReader.Termination;
import ai.rodytech.healer.operator.run.RunState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the failure snapshot of a failed Job: its pods' termination states (a container restarted in place under
 * restartPolicy OnFailure counts by its last termination, and its previous instance's log is read), the failed
 * container (native sidecars are never it), the newest Events when the pods do not tell what happened, and a
 * bounded log tail that keeps the end. Never changes the cluster.
 */
final class JobObserver {
  /** Set on every pod of a Job (also as batch.kubernetes.io/controller-uid since 1.27): the Job's UID, not its name. */
  static final String CONTROLLER_UID = "controller-uid";
  /** The job controller's SuccessfulCreate and SuccessfulDelete Events name the pod. */
  private static final Pattern POD_NAMED = Pattern.compile("(?:Created|Deleted) pod: ([a-z0-9][-a-z0-9.]*)");
  private final PodReader pods;
  private final PodEvidence evidence;
  private final Redactor redactor;
  private final Clock clock;

  JobObserver(PodReader pods, PodEvidence evidence, Redactor redactor, Clock clock) {
    this.pods = pods;
    this.evidence = evidence;
    this.redactor = redactor;
    this.clock = clock;
  }

  FailureSnapshot snapshot(Job job, String pipeline, Lineage lineage) {
    String ns = job.getMetadata().getNamespace();
    String uid = job.getMetadata().getUid();
    RunRef run = new RunRef("Job", ns, job.getMetadata().getName(), uid, pipeline, lineage.root(), lineage.attempt());
    List<String> missing = new ArrayList<>();
    RunState state = JobConditions.state(job);
    String conditionReason = state.failedReason();
    String message = redactor.redact(state.failedMessage());

    // What the pod watch kept of pods gone; the pods there now from its cache when it shows how the run ended (one
    // call fewer), else from the API server.
    PodEvidence.Seen seen = evidence.seen(uid, () -> pods.pods(ns, CONTROLLER_UID, uid, missing));
    List<Pod> all = seen.all();
    // The last pod that failed; else the last one (a pod deleted on a deadline may have been running).
    Optional<Pod> failedPod = all.stream().filter(p -> PodReader.failed(p, Set.of()).isPresent()).reduce((a, b) -> b);
    Pod pod = failedPod.orElse(all.isEmpty() ? null : all.get(all.size() - 1));
    if (all.isEmpty()) {
      missing.add("no pods found for the Job (never created, deleted by the job controller on a deadline, or"
          + " already garbage-collected)");
    }
    Optional<Termination> failed = pod == null ? Optional.empty()
        : PodReader.failed(pod, Set.of()).or(() -> stoppedWhileRunning(pod));
    String failedContainer = failed.map(Termination::container).orElse(null);
    Integer exitCode = failed.map(Termination::exitCode).orElse(null);
    // A container stopped because the job controller deleted its pod did not fail on its own: the Job's reason
    // (DeadlineExceeded, BackoffLimitExceeded) says what ended the run.
    String reason = failed.filter(t -> !t.stopped()).map(Termination::reason).orElse(null);
    if (reason == null && pod != null && pod.getStatus() != null && "Evicted".equals(pod.getStatus().getReason())) {
      reason = "Evicted";
    }
    if (reason == null) {
      reason = conditionReason;
    }

    PodSpec spec = job.getSpec().getTemplate().getSpec();
    Map<String, ContainerStatus> statuses = PodReader.statuses(pod);
    List<ContainerObservation> containers = new ArrayList<>();
    Stream.concat(
            Optional.ofNullable(spec.getInitContainers()).orElse(List.of()).stream().map(c -> Map.entry(c, true)),
            Optional.ofNullable(spec.getContainers()).orElse(List.of()).stream().map(c -> Map.entry(c, false)))
        .forEach(e -> containers.add(observe(e.getKey(), statuses.get(e.getKey().getName()), e.getValue())));

    // The pod's termination says what happened; Events are read when it does not (never scheduled, evicted,
    // stopped by a deadline, image never pulled, pods gone).
    List<String> events = List.of();
    if (failed.isEmpty() || failed.get().stopped()) {
      events = events(job, all, missing);
    }
    LogTail log = LogTail.EMPTY;
    if (pod != null) {
      String container = failedContainer != null ? failedContainer : spec.getContainers().get(0).getName();
      log = evidence.log(seen, pod, container, failed.map(Termination::previous).orElse(false), missing);
    }
    return new FailureSnapshot(
        run, failedContainer, exitCode, reason, message, containers, events, log, missing, clock.instant());
  }

  /** The first working container of a pod being deleted while it still ran: what a deadline cut short. */
  private static Optional<Termination> stoppedWhileRunning(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() == null) {
      return Optional.empty();
    }
    Set<String> sidecars = PodReader.sidecars(pod);
    return PodReader.statuses(pod).values().stream()
        .filter(s -> !sidecars.contains(s.getName()) && s.getState() != null && s.getState().getRunning() != null)
        .findFirst()
        .map(s -> new Termination(s.getName(), null, null, false, true));
  }

  /**
   * The newest Events of the Job and of its pods, including pods that are gone: the job controller's own Events
   * name every pod it created or deleted, and Events outlive the objects they are about.
   */
  private List<String> events(Job job, List<Pod> pods, List<String> missing) {
    String ns = job.getMetadata().getNamespace();
    Set<String> names = new java.util.LinkedHashSet<>();
    names.add(job.getMetadata().getName());
    pods.forEach(p -> names.add(p.getMetadata().getName()));
    List<String> jobEvents = this.pods.events(ns, List.of(job.getMetadata().getName()), missing);
    for (String line : jobEvents) {
      Matcher m = POD_NAMED.matcher(line);
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    if (names.size() == 1) {
      return jobEvents;
    }
    return this.pods.events(ns, List.copyOf(names), missing);
  }

  private static ContainerObservation observe(Container c, ContainerStatus status, boolean init) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
      if (var.getValueFrom() == null && var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    Optional<Termination> ended = PodReader.termination(status);
    String imageId = status == null || status.getImageID() == null || status.getImageID().isBlank()
        ? null : status.getImageID();
    return new ContainerObservation(c.getName(), c.getImage(), imageId, memory(c, true), memory(c, false),
        ended.map(Termination::exitCode).orElse(null), ended.map(Termination::reason).orElse(null), env, init);
  }

  private static String memory(Container c, boolean limit) {
    if (c.getResources() == null) {
      return null;
    }
    Map<String, Quantity> map = limit ? c.getResources().getLimits() : c.getResources().getRequests();
    if (map == null || map.get("memory") == null) {
      return null;
    }
    return map.get("memory").toString();
  }
}
