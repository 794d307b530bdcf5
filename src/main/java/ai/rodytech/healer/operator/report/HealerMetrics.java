package ai.rodytech.healer.operator.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The operator's Prometheus metrics, declared in one place. */
public final class HealerMetrics {
  private final MeterRegistry registry;
  private final Timer reconcile;

  public HealerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.reconcile =
        Timer.builder("healer_reconcile_seconds")
            .description("Time to reconcile one run")
            .publishPercentileHistogram()
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void failureSeen(String namespace, String pipeline) {
    Counter.builder("healer_failures_seen_total")
        .description("Failed runs of guarded pipelines")
        .tag("namespace", namespace)
        .tag("pipeline", pipeline)
        .register(registry)
        .increment();
  }

  /** A heal decision and what became of it: created, healed, refused, shadowed, pending_approval, needs_human. */
  public void heal(String strategy, String outcome) {
    Counter.builder("healer_heals_total")
        .description("Heal decisions by strategy and outcome")
        .tag("strategy", strategy)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  public void refused(String reason) {
    Counter.builder("healer_guard_refusals_total")
        .description("Plans the guard refused, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void reconciled(Duration took) {
    reconcile.record(took);
  }
}
