package ai.rodytech.healer.core.guard;

import java.time.Instant;

/**
 * Where a failure lineage and its pipeline stand when a new plan is judged; derived from the runs themselves.
 *
 * @param consecutiveFailures consecutive failed runs of the pipeline, this one included
 * @param attemptsUsed heal attempts already made in this lineage (the failed run's attempt number)
 * @param lastAttemptAt when the last attempt of the lineage was created, or null when none was
 * @param healsLastHour corrective runs created for the pipeline, over all its lineages, in the last hour
 */
public record LineageState(int consecutiveFailures, int attemptsUsed, Instant lastAttemptAt, long healsLastHour) {

  /** A lineage state where the pipeline has no recent corrective runs (tests, offline tools). */
  public LineageState(int consecutiveFailures, int attemptsUsed, Instant lastAttemptAt) {
    this(consecutiveFailures, attemptsUsed, lastAttemptAt, 0);
  }
}
