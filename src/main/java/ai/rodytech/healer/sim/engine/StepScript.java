package ai.rodytech.healer.sim.engine;

import ai.rodytech.healer.sim.HeapCap;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Decides how one step of a simulated Tekton or Argo run ends (the {@link RunScript} of the engines). Called
 * once per step and try, on the engine's threads. Only the outcome's exit code, termination reason, log and
 * duration are used.
 */
@FunctionalInterface
public interface StepScript {

  RunOutcome run(StepRun step);

  /** Every step exits 0 at once with a one-line log. */
  static StepScript succeeding() {
    return step -> RunOutcome.succeeded("+ " + step.step() + "\n" + step.step() + " done\n", Duration.ofSeconds(1));
  }

  /** Every step ends as {@code outcome}. */
  static StepScript always(RunOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    return step -> outcome;
  }

  /** {@code script} for the step named {@code step} of task (or template) {@code task}; {@code otherwise} for the others. */
  static StepScript onStep(String task, String step, StepScript script, StepScript otherwise) {
    return s -> (s.task().equals(task) && s.step().equals(step) ? script : otherwise).run(s);
  }

  /** By the run's pipeline; {@code otherwise} for pipelines not listed. */
  static StepScript byPipeline(Map<String, StepScript> byPipeline, StepScript otherwise) {
    Map<String, StepScript> scripts = Map.copyOf(byPipeline);
    return s -> scripts.getOrDefault(s.pipeline(), otherwise).run(s);
  }

  /** By the healer's attempt annotation of the run, as {@link RunScript#byAttempt} does; the last repeats. */
  static StepScript byAttempt(RunOutcome... byAttempt) {
    requireSome(byAttempt);
    return s -> byAttempt[Math.min(s.attempt(), byAttempt.length - 1)];
  }

  /** By the engine's own retry of the task or node: {@code byRetry(fail, pass)} passes on the engine's first retry. */
  static StepScript byRetry(RunOutcome... byRetry) {
    requireSome(byRetry);
    return s -> byRetry[Math.min(s.retry(), byRetry.length - 1)];
  }

  /**
   * An out-of-memory that more memory cures: {@code below} while the step's effective memory limit is under
   * {@code atLeast} (or it has none), else {@code enough}.
   */
  static StepScript byMemoryLimit(String atLeast, RunOutcome below, RunOutcome enough) {
    BigDecimal threshold = Quantity.getAmountInBytes(new Quantity(atLeast));
    return s -> {
      BigDecimal limit = s.memoryLimitBytes();
      return limit != null && limit.compareTo(threshold) >= 0 ? enough : below;
    };
  }

  /** A build that needs {@code heapNeeded} of heap, as {@link HeapCap#outcome} decides from the step's env and limit. */
  static StepScript heapCap(String heapNeeded, RunOutcome pass) {
    Quantity.getAmountInBytes(new Quantity(heapNeeded)); // fail fast on a bad quantity
    return s -> HeapCap.outcome(s.env(), s.memoryLimit(), heapNeeded, pass);
  }

  private static void requireSome(RunOutcome[] outcomes) {
    if (outcomes.length == 0) {
      throw new IllegalArgumentException("at least one outcome is needed");
    }
  }
}
