package ai.rodytech.healer.rules;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the exit code and termination reason say, read before the log: Kubernetes saw the container end, so a
 * reason such as OOMKilled outweighs anything the log shows. BackoffLimitExceeded is deliberately absent: it
 * only says the Job gave up, not why its pods failed.
 */
final class ExitSignals {
  private static final String SOURCE = "exit code and termination reason";

  private static final Signature OOM_KILLED = signal(
      "termination-oomkilled", Category.OOM, 1.0,
      "Kubernetes killed the container for going over its memory limit (OOMKilled)");
  private static final Signature DEADLINE = signal(
      "termination-deadline-exceeded", Category.TIMEOUT, 0.95,
      "The run went over its time limit and was stopped (DeadlineExceeded)");
  private static final Signature EVICTED = signal(
      "termination-evicted", Category.TRANSIENT_INFRA, 0.85,
      "The pod was evicted from its node, which says nothing about the code");
  private static final Signature EVICTED_DISK = signal(
      "termination-evicted-disk", Category.DISK_FULL, 0.9,
      "The pod was evicted because its node ran short of disk (ephemeral storage)");
  private static final Signature EXIT_137 = signal(
      "exit-137", Category.OOM, 0.6,
      "The process was killed with SIGKILL (exit code 137), most often by the out-of-memory killer");
  private static final Signature EXIT_124 = signal(
      "exit-124", Category.TIMEOUT, 0.8,
      "The command was stopped by a time limit (exit code 124 from timeout)");
  private static final Signature EXIT_143 = signal(
      "exit-143", Category.TIMEOUT, 0.35,
      "The process was stopped with SIGTERM (exit code 143), often by a time limit");

  private ExitSignals() {}

  static List<Hit> of(FailureSnapshot snapshot) {
    List<Hit> hits = new ArrayList<>();
    String reason = reason(snapshot);
    if (reason != null) {
      String normalized = reason.trim().toLowerCase(Locale.ROOT);
      String message = snapshot.message().toLowerCase(Locale.ROOT);
      switch (normalized) {
        case "oomkilled" -> hits.add(hit(OOM_KILLED, "termination reason: " + reason));
        case "deadlineexceeded" -> hits.add(hit(DEADLINE, "termination reason: " + reason));
        case "evicted" -> hits.add(hit(
            message.contains("ephemeral-storage") || message.contains("disk") ? EVICTED_DISK : EVICTED,
            "termination reason: " + reason + (snapshot.message().isBlank() ? "" : " (" + snapshot.message() + ")")));
        default -> { }
      }
    }
    Integer exitCode = snapshot.exitCode();
    if (exitCode != null) {
      switch (exitCode) {
        case 137 -> hits.add(hit(EXIT_137, "exit code 137"));
        case 124 -> hits.add(hit(EXIT_124, "exit code 124"));
        case 143 -> hits.add(hit(EXIT_143, "exit code 143"));
        default -> { }
      }
    }
    return hits;
  }

  /** The run's reason, unless it is only the Job giving up; then the failed container's own reason. */
  private static String reason(FailureSnapshot snapshot) {
    String reason = snapshot.reason();
    if (reason != null && !reason.isBlank() && !"BackoffLimitExceeded".equalsIgnoreCase(reason.trim())) {
      return reason;
    }
    return snapshot.primaryContainer().map(ContainerObservation::reason).orElse(null);
  }

  private static Hit hit(Signature signature, String text) {
    return new Hit(signature, new LogLine(0, text), -1);
  }

  private static Signature signal(String name, Category category, double weight, String explanation) {
    return new Signature(name, category, List.of(), explanation, weight, 1, false, List.of(), List.of(), false, SOURCE);
  }
}
