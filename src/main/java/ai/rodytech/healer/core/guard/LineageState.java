package ai.rodytech.healer.core.guard;

import java.time.Instant;

/**
 * Where a failure lineage stands when a new plan is judged.
 *
 * @param consecutiveFailures consecutive failed runs of the pipeline, this one included
 * @param attemptsUsed heal attempts already made in this lineage (the failed run's attempt number)
 * @param lastAttemptAt when the last attempt of the lineage was created, or null when none was
 */
public record LineageState(int consecutiveFailures, int attemptsUsed, Instant lastAttemptAt) {}
