package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.api.HealingStrategy;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.plan.Action;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The operator's Prometheus metrics, declared in one place. Every series whose labels come from a closed set
 * (strategies, categories, outcomes, kinds) is registered at zero when this is built, so that a fresh
 * operator's /metrics already lists what the dashboard and the alert rules query, and the first event of a
 * series is not lost to rate(). Per-pipeline series start at zero when a policy for that pipeline is seen
 * ({@link #guarding}). The LLM brain's meters (healer_llm_*) live in the llm package, the alert deliveries
 * (healer_alerts_total) in the alert package; docs/operations.md lists them all.
 */
public final class HealerMetrics {
  /** The decisions {@link #heal} counts. */
  public static final List<String> HEAL_OUTCOMES =
      List.of("created", "healed", "needs_human", "shadowed", "pending_approval");

  /** The kinds whose reconciler failures {@link #reconcileFailed} counts, lower case. */
  public static final List<String> RECONCILED_KINDS = List.of("job", "pipelinerecoverypolicy", "pipelineincident");

  private static final String FAILURES_SEEN = "healer_failures_seen_total";
  private static final String HEALS = "healer_heals_total";
  private static final String CORRECTIVE_RUNS = "healer_corrective_runs_total";
  private static final String HEAL_RUNS_FINISHED = "healer_heal_runs_finished_total";
  private static final String PAGES_SENT = "healer_pages_sent_total";
  private static final String RECONCILE_ERRORS = "healer_reconcile_errors_total";
  private static final String API_CALLS_RESENT = "healer_api_calls_resent_total";

  private final MeterRegistry registry;
  private final Timer reconcile;
  private final Timer timeToCorrectiveRun;
  private final Timer timeToGreen;
  private final Counter rerunsSaved;
  private final Counter pagesAvoided;

  public HealerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.reconcile =
        Timer.builder("healer_reconcile_seconds")
            .description("Time to reconcile one run")
            .publishPercentileHistogram()
            .register(registry);
    this.timeToCorrectiveRun =
        Timer.builder("healer_time_to_corrective_run_seconds")
            .description("From the end of a failed run to the creation of the run that corrects it")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
    this.timeToGreen =
        Timer.builder("healer_time_to_green_seconds")
            .description("From the end of a failed run to the end of the corrective run that succeeded")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofSeconds(1))
            .maximumExpectedValue(Duration.ofHours(6))
            .register(registry);
    this.rerunsSaved =
        counter(
            "healer_reruns_saved_total",
            "CI reruns a person would have started: lineages the healer brought back to green");
    this.pagesAvoided =
        counter(
            "healer_pages_avoided_total",
            "Pages a person would have received: healed lineages whose policy has alert channels");
    preRegister();
  }

  private void preRegister() {
    for (Action action : Action.values()) {
      for (String outcome : HEAL_OUTCOMES) {
        heals(action.wireName(), outcome);
      }
    }
    for (HealingStrategy strategy : HealingStrategy.values()) {
      for (Category category : Category.values()) {
        correctiveRuns(strategy.wireName(), category.wireName());
      }
      healRunsFinished(strategy.wireName(), true);
      healRunsFinished(strategy.wireName(), false);
    }
    for (Category category : Category.values()) {
      pagesSent(category.wireName());
    }
    for (String kind : RECONCILED_KINDS) {
      reconcileErrors(kind);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A policy guards this pipeline: its series start at zero, so that its first failure shows in rate(). */
  public void guarding(String namespace, String pipeline) {
    failuresSeen(namespace, pipeline);
  }

  public void failureSeen(String namespace, String pipeline) {
    failuresSeen(namespace, pipeline).increment();
  }

  /** A heal decision and what became of it: created, healed, needs_human, shadowed, pending_approval. */
  public void heal(String strategy, String outcome) {
    heals(strategy, outcome).increment();
  }

  public void refused(String reason) {
    counter("healer_guard_refusals_total", "Plans the guard refused, by reason", "reason", reason).increment();
  }

  public void reconciled(Duration took) {
    reconcile.record(took);
  }

  /**
   * A corrective run was created (not dry-run, not shadowed).
   *
   * @param sinceFailure from the end of the failed run it corrects (the lineage's latest failure)
   */
  public void correctiveRunCreated(String strategy, String category, Duration sinceFailure) {
    correctiveRuns(strategy, category).increment();
    timeToCorrectiveRun.record(sinceFailure);
  }

  /**
   * A corrective run ended.
   *
   * @param sinceFailure from the end of the lineage's first failed run to the end of this one
   * @param wouldHavePaged whether the policy has alert channels, i.e. the failure would otherwise have paged
   */
  public void correctiveRunFinished(String strategy, boolean succeeded, Duration sinceFailure, boolean wouldHavePaged) {
    healRunsFinished(strategy, succeeded).increment();
    if (succeeded) {
      timeToGreen.record(sinceFailure);
      rerunsSaved.increment();
      if (wouldHavePaged) {
        pagesAvoided.increment();
      }
    }
  }

  /** An alert asked a person to act, once per incident (whatever the number of channels). */
  public void pageSent(String category) {
    pagesSent(category).increment();
  }

  /** A reconciler threw; the framework retries it with backoff. */
  public void reconcileFailed(String kind) {
    reconcileErrors(kind.toLowerCase(Locale.ROOT)).increment();
  }

  /** For Java Operator SDK's ConfigurationServiceOverrider.withMetrics: counts failed reconciliations. */
  public Metrics operatorSdkMetrics() {
    return new Metrics() {
      @Override
      public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
        reconcileFailed(resource == null ? "unknown" : resource.getKind());
      }
    };
  }

  private Counter failuresSeen(String namespace, String pipeline) {
    return counter(FAILURES_SEEN, "Failed runs of guarded pipelines", "namespace", namespace, "pipeline", pipeline);
  }

  private Counter heals(String strategy, String outcome) {
    return counter(HEALS, "Heal decisions by strategy and outcome", "strategy", strategy, "outcome", outcome);
  }

  private Counter correctiveRuns(String strategy, String category) {
    return counter(
        CORRECTIVE_RUNS, "Corrective runs created, by strategy and diagnosed category",
        "strategy", strategy, "category", category);
  }

  private Counter healRunsFinished(String strategy, boolean succeeded) {
    return counter(
        HEAL_RUNS_FINISHED, "Corrective runs that ended, by strategy and result (succeeded, failed)",
        "strategy", strategy, "result", succeeded ? "succeeded" : "failed");
  }

  private Counter pagesSent(String category) {
    return counter(PAGES_SENT, "Alerts that asked a person to act, by diagnosed category", "category", category);
  }

  private Counter reconcileErrors(String kind) {
    return counter(RECONCILE_ERRORS, "Reconciliations that failed with an exception, by resource kind", "kind", kind);
  }

  /**
   * Counts, through {@code count} read at each scrape, the heal's API calls sent straight (not through fabric8,
   * {@code operator/ApiCalls}) that got no answer, 401, 429 or a 5xx and were sent once more through fabric8's HTTP
   * layer. A rate above zero for long means the direct path is failing where fabric8's works (a proxy or credential
   * the direct client does not handle): docs/operations.md, "How the operator talks to the API server".
   */
  public <T> void apiCallsResent(T calls, ToDoubleFunction<T> count) {
    FunctionCounter.builder(API_CALLS_RESENT, calls, count)
        .description("API calls sent again through fabric8's HTTP layer after no answer, 401, 429 or 5xx")
        .register(registry);
  }

  /** Registers (or finds) one series; tags as name, value pairs. */
  private Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }
}
