package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;

/**
 * A run the simulated kubelet has just finished: its Job's final status is written. For tests and benchmarks
 * that time what happens next (e.g. failure written to corrective Job created).
 *
 * @param job the Job as the kubelet first saw it (before its status was written)
 * @param outcome how the script said the run ends
 * @param reason the Job's final condition reason: CompletionsReached, BackoffLimitExceeded or DeadlineExceeded
 * @param at the kubelet clock's time of the status write
 * @param nanoTime {@link System#nanoTime()} right after the status write, for latency measurements
 */
public record FinishedRun(Job job, RunOutcome outcome, String reason, Instant at, long nanoTime) {

  public boolean failed() {
    return !reason.equals("CompletionsReached");
  }
}
