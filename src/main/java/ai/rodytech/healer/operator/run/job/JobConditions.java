package ai.rodytech.healer.operator.run.job;

import ai.rodytech.healer.operator.run.RunHandle;
import ai.rodytech.healer.operator.run.RunState;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads a Job's state from its conditions, as the job controller writes them. Since Kubernetes 1.31 the
 * controller first sets {@code FailureTarget} (or {@code SuccessCriteriaMet}), then terminates the remaining pods,
 * and only then sets {@code Failed} (or {@code Complete}); on a deadline it deletes the running pod in between.
 * The healer acts on the first of the two, while the pods and their logs still exist.
 */
public final class JobConditions {

  private JobConditions() {}

  public static RunState state(Job job) {
    Optional<JobCondition> failed = condition(job, "Failed").or(() -> condition(job, "FailureTarget"));
    if (failed.isPresent()) {
      JobCondition c = failed.get();
      return new RunState.Failed(instant(c.getLastTransitionTime()), c.getReason(), c.getMessage(), null);
    }
    Optional<JobCondition> complete = condition(job, "Complete").or(() -> condition(job, "SuccessCriteriaMet"));
    if (complete.isPresent()) {
      return new RunState.Succeeded(instant(complete.get().getLastTransitionTime()));
    }
    return new RunState.Running();
  }

  /** The true condition of that type, if any. */
  public static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    // A loop, not a stream: the run filters ask for a Job's state at every watch event.
    for (JobCondition c : job.getStatus().getConditions()) {
      if (type.equals(c.getType()) && "True".equalsIgnoreCase(c.getStatus())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static Instant instant(String timestamp) {
    return RunHandle.instant(timestamp);
  }
}
