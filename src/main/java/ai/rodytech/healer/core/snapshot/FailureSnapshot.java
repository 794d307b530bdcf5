package ai.rodytech.healer.core.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything known about one failed run, gathered once before any decision. Immutable; observers build it,
 * brains read it, nobody changes the cluster through it.
 *
 * @param run which run failed and where it sits in its lineage
 * @param failedContainer name of the container that failed, when one could be told apart
 * @param exitCode the failed container's exit code, when known
 * @param reason the termination or condition reason, e.g. OOMKilled, DeadlineExceeded, BackoffLimitExceeded
 * @param message the run's failure message (e.g. the Job's Failed condition message), may be empty
 * @param containers every container of the run's pod template, with what the pod status said of it
 * @param events recent Kubernetes Events of the run and its pods, oldest first, one line each
 * @param log the bounded tail of the failed container's log
 * @param missing what could not be observed and why (no pods, logs unreadable...), for people and brains
 * @param failedAt when the failure was observed
 */
public record FailureSnapshot(
    RunRef run,
    String failedContainer,
    Integer exitCode,
    String reason,
    String message,
    List<ContainerObservation> containers,
    List<String> events,
    LogTail log,
    List<String> missing,
    Instant failedAt) {

  public FailureSnapshot {
    containers = List.copyOf(containers == null ? List.of() : containers);
    events = List.copyOf(events == null ? List.of() : events);
    missing = List.copyOf(missing == null ? List.of() : missing);
    log = log == null ? LogTail.EMPTY : log;
    message = message == null ? "" : message;
  }

  public Optional<ContainerObservation> container(String name) {
    return containers.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The failed container, else the first one. */
  public Optional<ContainerObservation> primaryContainer() {
    if (failedContainer != null) {
      Optional<ContainerObservation> failed = container(failedContainer);
      if (failed.isPresent()) {
        return failed;
      }
    }
    return containers.stream().findFirst();
  }

  /** A snapshot of a log alone, as the CLI builds it from a file. */
  public static FailureSnapshot ofLog(LogTail log, Integer exitCode, String reason) {
    return new FailureSnapshot(
        RunRef.adHoc(), null, exitCode, reason, "", List.of(), List.of(), log, List.of(), Instant.now());
  }
}
