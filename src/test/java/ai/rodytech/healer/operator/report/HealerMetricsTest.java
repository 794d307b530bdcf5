package ai.rodytech.healer.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The operator's meters: present at zero from the start, and each measurement lands where the dashboard reads it. */
class HealerMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HealerMetrics metrics = new HealerMetrics(registry);

  @Test
  void everyClosedSeriesExistsAtZeroBeforeAnyEvent() {
    assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
        .contains(
            "healer_heals_total", "healer_corrective_runs_total", "healer_heal_runs_finished_total",
            "healer_pages_sent_total", "healer_reconcile_errors_total", "healer_reruns_saved_total",
            "healer_pages_avoided_total", "healer_time_to_corrective_run_seconds", "healer_time_to_green_seconds",
            "healer_reconcile_seconds");
    assertThat(count("healer_corrective_runs_total", "strategy", "increase_memory", "category", "oom")).isZero();
    assertThat(count("healer_heals_total", "strategy", "alert_human", "outcome", "needs_human")).isZero();
    assertThat(count("healer_pages_sent_total", "category", "genuine_failure")).isZero();
    assertThat(count("healer_reconcile_errors_total", "kind", "pipelineincident")).isZero();
    assertThat(registry.find("healer_failures_seen_total").counters()).as("no pipeline is known yet").isEmpty();
  }

  @Test
  void theCallsSentAgainThroughFabric8AreReadAtEachScrape() {
    AtomicLong resent = new AtomicLong();
    metrics.apiCallsResent(resent, AtomicLong::get);

    assertThat(registry.get("healer_api_calls_resent_total").functionCounter().count()).isZero();
    resent.addAndGet(3);
    assertThat(registry.get("healer_api_calls_resent_total").functionCounter().count()).isEqualTo(3);
  }

  @Test
  void aGuardedPipelineStartsAtZero() {
    metrics.guarding("ci", "backend-ci-build");

    assertThat(count("healer_failures_seen_total", "namespace", "ci", "pipeline", "backend-ci-build")).isZero();
    metrics.failureSeen("ci", "backend-ci-build");
    assertThat(count("healer_failures_seen_total", "namespace", "ci", "pipeline", "backend-ci-build")).isEqualTo(1);
  }

  @Test
  void aCorrectiveRunFromCreationToGreen() {
    metrics.correctiveRunCreated("increase_memory", "oom", Duration.ofMillis(350));
    metrics.correctiveRunFinished("increase_memory", true, Duration.ofMinutes(4), true);

    assertThat(count("healer_corrective_runs_total", "strategy", "increase_memory", "category", "oom")).isEqualTo(1);
    assertThat(registry.get("healer_time_to_corrective_run_seconds").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(350);
    assertThat(count("healer_heal_runs_finished_total", "strategy", "increase_memory", "result", "succeeded")).isEqualTo(1);
    assertThat(registry.get("healer_time_to_green_seconds").timer().count()).isEqualTo(1);
    assertThat(registry.get("healer_reruns_saved_total").counter().count()).isEqualTo(1);
    assertThat(registry.get("healer_pages_avoided_total").counter().count()).isEqualTo(1);
  }

  @Test
  void aFailedCorrectiveRunSavesNothing() {
    metrics.correctiveRunFinished("retry_stage", false, Duration.ofMinutes(2), true);
    metrics.correctiveRunFinished("retry_stage", true, Duration.ofMinutes(5), false);

    assertThat(count("healer_heal_runs_finished_total", "strategy", "retry_stage", "result", "failed")).isEqualTo(1);
    assertThat(registry.get("healer_time_to_green_seconds").timer().count()).isEqualTo(1);
    assertThat(registry.get("healer_reruns_saved_total").counter().count()).isEqualTo(1);
    assertThat(registry.get("healer_pages_avoided_total").counter().count()).as("no channel, no page to avoid").isZero();
  }

  @Test
  void theOperatorSdkReportsFailedReconciliationsByKind() {
    metrics.operatorSdkMetrics()
        .failedReconciliation(
            new JobBuilder().withNewMetadata().withName("b-1").endMetadata().build(), new IllegalStateException(), Map.of());

    assertThat(count("healer_reconcile_errors_total", "kind", "job")).isEqualTo(1);
  }

  @Test
  void pagesByCategory() {
    metrics.pageSent("genuine_failure");

    assertThat(count("healer_pages_sent_total", "category", "genuine_failure")).isEqualTo(1);
    assertThat(count("healer_pages_sent_total", "category", "oom")).isZero();
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }
}
