package ai.rodytech.healer.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Optional;

/** Reads a Job's result from its conditions, as the job controller writes them. */
public final class JobRuns {

  /** A run's result as far as the healer cares. */
  public enum Result {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  private JobRuns() {}

  public static Result result(Job job) {
    if (condition(job, "Failed").isPresent()) {
      return Result.FAILED;
    }
    if (condition(job, "Complete").isPresent()) {
      return Result.SUCCEEDED;
    }
    return Result.RUNNING;
  }

  /** The true condition of that type, if any. */
  public static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    List<JobCondition> conditions = job.getStatus().getConditions();
    return conditions.stream()
        .filter(c -> type.equals(c.getType()) && "True".equalsIgnoreCase(c.getStatus()))
        .findFirst();
  }
}
