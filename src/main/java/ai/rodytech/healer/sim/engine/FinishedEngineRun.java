package ai.rodytech.healer.sim.engine;

import java.time.Instant;

/**
 * A PipelineRun or Workflow a simulated engine has just finished: its final status is written. For tests and
 * benchmarks that time what happens next.
 *
 * @param kind PipelineRun or Workflow
 * @param succeeded whether it ended well (Tekton: Succeeded True; Argo: phase Succeeded)
 * @param reason Tekton's Succeeded condition reason (Succeeded, Failed, PipelineRunTimeout, ...) or Argo's phase
 * @param at the engine clock's time of the final write
 * @param nanoTime {@link System#nanoTime()} right after the final write, for latency measurements
 */
public record FinishedEngineRun(
    String kind, String namespace, String name, boolean succeeded, String reason, Instant at, long nanoTime) {}
