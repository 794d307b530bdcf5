package ai.rodytech.healer.operator.run;

import java.time.Instant;

/** Where a run stands, as its engine tells it. */
public sealed interface RunState
    permits RunState.Running, RunState.Retrying, RunState.Succeeded, RunState.Failed {

  /** Not finished. */
  record Running() implements RunState {}

  /** Not finished: the engine itself is retrying a failed step (Tekton ToBeRetried, an Argo retry node). */
  record Retrying(String why) implements RunState {}

  /** Finished successfully. */
  record Succeeded(Instant at) implements RunState {}

  /**
   * Failed for good.
   *
   * @param at when the engine decided it (may be null when it did not say)
   * @param reason the engine's reason, e.g. BackoffLimitExceeded, PipelineRunTimeout, Failed
   * @param message the engine's message
   * @param forPerson non-null when the engine's verdict alone sends the failure to a person (a cancelled run, a
   *     pipeline that does not validate or resolve): why. Null when the run's own work failed and a brain judges it.
   */
  record Failed(Instant at, String reason, String message, String forPerson) implements RunState {}

  default boolean finished() {
    return this instanceof Succeeded || this instanceof Failed;
  }

  /** The engine's reason when the run failed, else null. */
  default String failedReason() {
    return this instanceof Failed f ? f.reason() : null;
  }

  /** The engine's message when the run failed, else empty (an engine may leave it out). */
  default String failedMessage() {
    return this instanceof Failed f && f.message() != null ? f.message() : "";
  }
}
