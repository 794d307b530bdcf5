package ai.rodytech.healer.sim.engine;

import ai.rodytech.healer.sim.PodLogStore;
import java.time.Clock;
import java.time.Duration;

/** What one simulated engine's run executions share: API, pod logs, script, clock, scheduler and completion. */
public final class EngineContext {

  /** Schedules work on the engine's pool after a simulated duration (divided by the speed factor). */
  @FunctionalInterface
  interface Scheduler {
    void after(Duration simulated, Runnable task);
  }

  /** Records that a run's final status is written. */
  @FunctionalInterface
  interface Completion {
    void finished(String namespace, String name, boolean succeeded, String reason);
  }

  /** Records that a run was given up after an API error. */
  @FunctionalInterface
  interface Abandonment {
    void abandon(String namespace, String name, RuntimeException cause);
  }

  private final EngineApi api;
  private final PodLogStore logs;
  private final StepScript script;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Completion completion;
  private final Abandonment abandonment;
  private final double speed;

  EngineContext(EngineApi api, PodLogStore logs, StepScript script, Clock clock, double speed, Scheduler scheduler,
      Completion completion, Abandonment abandonment) {
    this.speed = speed;
    this.api = api;
    this.logs = logs;
    this.script = script;
    this.clock = clock;
    this.scheduler = scheduler;
    this.completion = completion;
    this.abandonment = abandonment;
  }

  public EngineApi api() {
    return api;
  }

  public PodLogStore logs() {
    return logs;
  }

  public StepScript script() {
    return script;
  }

  public Clock clock() {
    return clock;
  }

  /** The wall-clock time a simulated duration takes at the engine's speed (statuses carry wall-clock times). */
  public Duration real(Duration simulated) {
    return Duration.ofNanos((long) (simulated.toNanos() / speed));
  }

  /**
   * Runs {@code task} on the engine's pool after {@code simulated} time (divided by the speed factor); an API
   * error in it gives the run up.
   */
  public void after(Duration simulated, String namespace, String run, Runnable task) {
    scheduler.after(simulated, () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        abandonment.abandon(namespace, run, e);
      }
    });
  }

  /** Tells the listener and the counters that the run's final status is written. */
  public void finished(String namespace, String run, boolean succeeded, String reason) {
    completion.finished(namespace, run, succeeded, reason);
  }
}
