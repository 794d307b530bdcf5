package ai.rodytech.healer.operator.history;

import ai.rodytech.healer.core.history.Decision;
import ai.rodytech.healer.core.history.FinishedRun;
import ai.rodytech.healer.core.history.FlakyTests;
import ai.rodytech.healer.core.history.HistoryJudge.Judgement;
import ai.rodytech.healer.core.history.HistoryJudge.Ruling;
import ai.rodytech.healer.core.history.HistoryRules;
import ai.rodytech.healer.core.history.HistoryView;
import ai.rodytech.healer.core.plan.Action;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the healer's memory adds, as Prometheus metrics on the operator's registry: heals and pages per
 * signature, flaky tests known, retries saved, and what history did to diagnoses. Declared in one place.
 */
public final class HistoryMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> flakyTests = new ConcurrentHashMap<>();

  public HistoryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A run newly recorded: a heal for the signature and strategy that chose a corrective run that succeeded. */
  void recorded(FinishedRun run) {
    Counter.builder("healer_history_runs_recorded_total")
        .description("Finished runs recorded in the run ledger")
        .tag("namespace", run.namespace())
        .tag("pipeline", run.pipeline())
        .tag("outcome", run.succeeded() ? "succeeded" : "failed")
        .register(registry)
        .increment();
    if (run.corrective() && run.succeeded()) {
      Counter.builder("healer_history_heals_total")
          .description("Corrective runs that healed, by the signature and strategy that chose them")
          .tag("namespace", run.namespace())
          .tag("pipeline", run.pipeline())
          .tag("signature", run.chosenBy().signature())
          .tag("strategy", run.chosenBy().strategy())
          .register(registry)
          .increment();
    }
  }

  /** A decision noted: a page for the signature that decided when a person was asked. */
  void decided(String namespace, String pipeline, Decision decision) {
    if (decision.action() == Action.ALERT_HUMAN) {
      Counter.builder("healer_history_pages_total")
          .description("Failures handed to a person, by the signature that decided")
          .tag("namespace", namespace)
          .tag("pipeline", pipeline)
          .tag("signature", decision.signature())
          .register(registry)
          .increment();
    }
  }

  /**
   * A diagnosis judged against history: counts the ruling, a retry saved when a poor track record stopped one,
   * and refreshes the pipeline's count of flaky tests known.
   */
  public void judged(HistoryView view, HistoryRules rules, Judgement judgement, Instant now) {
    Counter.builder("healer_history_rulings_total")
        .description("What history did to diagnoses: unchanged, known_flaky, new_failure_next_to_flaky,"
            + " track_record_too_low")
        .tag("namespace", view.namespace())
        .tag("pipeline", view.pipeline())
        .tag("ruling", judgement.ruling().name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
    if (judgement.ruling() == Ruling.TRACK_RECORD_TOO_LOW) {
      Counter.builder("healer_history_retries_saved_total")
          .description("Corrective runs not created because the strategy's track record for the signature was too low")
          .tag("namespace", view.namespace())
          .tag("pipeline", view.pipeline())
          .register(registry)
          .increment();
    }
    flakyTestsKnown(view.namespace(), view.pipeline()).set(FlakyTests.known(view, rules, now).size());
  }

  private AtomicInteger flakyTestsKnown(String namespace, String pipeline) {
    return flakyTests.computeIfAbsent(namespace + "/" + pipeline, key -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder("healer_history_flaky_tests_known", value, AtomicInteger::get)
          .description("Tests the pipeline's history shows flaky, as of its latest judged failure")
          .tag("namespace", namespace)
          .tag("pipeline", pipeline)
          .register(registry);
      return value;
    });
  }
}
