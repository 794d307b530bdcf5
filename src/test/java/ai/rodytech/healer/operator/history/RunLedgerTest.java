package ai.rodytech.healer.operator.history;

import static ai.rodytech.healer.operator.history.HistoryCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.HistoryStatus;
import ai.rodytech.healer.api.PipelineHistory;
import ai.rodytech.healer.core.history.Decision;
import ai.rodytech.healer.core.history.FinishedRun;
import ai.rodytech.healer.core.history.HistoryView;
import ai.rodytech.healer.core.history.Ledger;
import ai.rodytech.healer.core.history.RunEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The ledger writer against the in-process API: stored, coalesced, idempotent, restartable, conflict-safe. */
class RunLedgerTest {
  private static final HistoryCluster cluster = new HistoryCluster();
  private static int tests;
  private static final Instant START = Instant.parse("2025-03-01T03:00:00Z");
  private static final Duration SPACING = Duration.ofMillis(300);
  private static final Duration DECISION_WAIT = Duration.ofMillis(1500);

  /** A pipeline of its own for each test: the cluster is shared. */
  private final String pipeline = "backend-ci-build-" + ++tests;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterAll
  static void close() {
    cluster.close();
  }

  private RunLedger ledger(KubernetesClient client, Clock clock) {
    return new RunLedger(client, new HistoryMetrics(registry), clock, SPACING, Duration.ofSeconds(30), DECISION_WAIT);
  }

  private RunLedger ledger() {
    return ledger(cluster.client, Clock.fixed(START, ZoneOffset.UTC));
  }

  private FinishedRun run(int n, boolean succeeded) {
    return FinishedRun.builder(NS, pipeline, pipeline + "-" + n, pipeline + "-uid-" + n)
        .finished(START.plus(Duration.ofMinutes(n))).succeeded(succeeded).revision("abc1234")
        .failingTests(succeeded ? List.of() : List.of("com.example.PaymentWebhookIT.retries")).build();
  }

  private FinishedRun corrective(int n, boolean healed) {
    return FinishedRun.builder(NS, pipeline, pipeline + "-" + n + "-heal-1", pipeline + "-uid-heal-" + n)
        .finished(START.plus(Duration.ofMinutes(n))).succeeded(healed).lineage(pipeline + "-" + n, 1)
        .chosenBy(new Decision(List.of("category:transient_infra"), "retry_stage")).build();
  }

  @Test
  void recordedRunsAreStoredInThePipelinesHistory() {
    try (RunLedger ledger = ledger()) {
      assertThat(ledger.record(run(1, false))).isTrue();
      assertThat(ledger.record(run(2, true))).isTrue();
      ledger.flush();
    }

    PipelineHistory stored = cluster.stored(pipeline);
    assertThat(stored.getSpec().getPipeline()).isEqualTo(pipeline);
    HistoryStatus status = stored.getStatus();
    assertThat(status.runs).extracting(r -> r.name).containsExactly(pipeline + "-1", pipeline + "-2");
    assertThat(status.runsRecorded).isEqualTo(2);
    assertThat(status.consecutiveFailures).isZero();
    assertThat(status.testsWithEvidence).isEqualTo(1);
    assertThat(status.lastRunAt).isEqualTo(START.plus(Duration.ofMinutes(2)).toString());
  }

  @Test
  void aNewPipelinesFirstRunCostsACreateAndAStatusWriteNoRead() {
    String name = PipelineHistory.nameFor(pipeline);
    long creations = cluster.creations();
    long reads = cluster.cluster.requests().count("GET", HistoryCluster.HISTORY_PATH + "/" + name);
    try (RunLedger ledger = ledger()) {
      assertThat(ledger.record(run(1, false))).isTrue();
      ledger.flush();
    }
    assertThat(cluster.creations() - creations).isEqualTo(1);
    assertThat(cluster.statusWrites(name)).isEqualTo(1);
    assertThat(cluster.cluster.requests().count("GET", HistoryCluster.HISTORY_PATH + "/" + name) - reads).isZero();
    assertThat(cluster.stored(pipeline).getStatus().runs).extracting(r -> r.name).containsExactly(pipeline + "-1");

    // A second process finds it there (its create is refused) and reads it before adding its own run.
    try (RunLedger restarted = ledger()) {
      assertThat(restarted.record(run(1, false))).as("recorded before the restart").isFalse();
      assertThat(restarted.record(run(2, true))).isTrue();
      restarted.flush();
    }
    assertThat(cluster.stored(pipeline).getStatus().runs).extracting(r -> r.name)
        .containsExactly(pipeline + "-1", pipeline + "-2");
  }

  @Test
  void readingAPipelinesHistoryCreatesNothing() {
    long creations = cluster.creations();
    try (RunLedger ledger = ledger()) {
      assertThat(ledger.view(NS, pipeline).runs()).isEmpty();
    }
    assertThat(cluster.creations() - creations).isZero();
    assertThat(cluster.stored(pipeline)).isNull();
  }

  @Test
  void aRunSeenTwiceIsRecordedOnceAndWrittenOnce() {
    try (RunLedger ledger = ledger()) {
      ledger.record(run(1, false));
      ledger.flush();
      long writes = ledger.writes();

      assertThat(ledger.record(run(1, false))).isFalse();
      ledger.flush();

      assertThat(ledger.writes()).isEqualTo(writes);
      assertThat(ledger.view(NS, pipeline).runs()).hasSize(1);
    }
  }

  @Test
  void aBurstOfRunsIsCoalescedIntoFewWrites() throws InterruptedException {
    String name = PipelineHistory.nameFor(pipeline);
    long created = cluster.creations();
    long started = System.nanoTime();
    long elapsedMillis;
    try (RunLedger ledger = ledger()) {
      for (int i = 1; i <= 60; i++) {
        ledger.record(run(i, i % 3 != 0));
      }
      elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      ledger.flush();
    }

    // One creation, then at most one status write per spacing while the burst lasted, and the final flush.
    assertThat(cluster.creations() - created).isEqualTo(1);
    assertThat(cluster.statusWrites(name)).isBetween(1L, 2 + elapsedMillis / SPACING.toMillis()).isLessThan(60);
    assertThat(cluster.stored(pipeline).getStatus().runs).hasSize(60);
  }

  @Test
  void runsFarApartCostOneWriteEachAtMost() throws InterruptedException {
    try (RunLedger ledger = ledger()) {
      for (int i = 1; i <= 4; i++) {
        ledger.record(run(i, true));
        long written = 1 + i; // the creation, and a status write per run so far
        eventually(() -> ledger.writes() >= written);
        Thread.sleep(SPACING.toMillis()); // the next run comes after the spacing: it is not coalesced
      }
      ledger.flush();

      assertThat(ledger.writes()).isEqualTo(4 + 1); // a status write per run, and the one creation
    }
    assertThat(cluster.statusWrites(PipelineHistory.nameFor(pipeline))).isEqualTo(4);
  }

  @Test
  void aRestartedLedgerGoesOnFromTheStoredHistory() {
    try (RunLedger before = ledger()) {
      before.record(run(1, false));
      before.record(corrective(1, true));
    } // close() stores what is pending

    try (KubernetesClient client = cluster.cluster.newClient(); RunLedger after = ledger(client, Clock.systemUTC())) {
      HistoryView view = after.view(NS, pipeline);
      assertThat(view.runs()).extracting(RunEntry::name).containsExactly(pipeline + "-1", pipeline + "-1-heal-1");
      assertThat(view.trackRecord("category:transient_infra", "retry_stage")).isPresent();

      assertThat(after.record(run(1, false))).as("seen again after the restart").isFalse();
      assertThat(after.record(run(2, true))).isTrue();
      after.flush();
    }
    assertThat(cluster.stored(pipeline).getStatus().runsRecorded).isEqualTo(3);
  }

  @Test
  void aRestartDoesNotRecordRunsThatRolledOffAgain() {
    try (RunLedger before = ledger()) {
      for (int i = 1; i <= Ledger.MAX_RUNS + 5; i++) {
        before.record(run(i, true));
      }
    }

    try (RunLedger after = ledger()) {
      assertThat(after.record(run(1, true))).isFalse();
      assertThat(after.view(NS, pipeline).runsRecorded()).isEqualTo(Ledger.MAX_RUNS + 5);
    }
  }

  @Test
  void aConflictingWriteIsReadAgainAndOurChangesAppliedAgain() {
    try (RunLedger operator = ledger(); KubernetesClient cli = cluster.cluster.newClient(); RunLedger person = ledger(cli, Clock.systemUTC())) {
      for (int i = 1; i <= 5; i++) {
        operator.record(corrective(i, false));
      }
      operator.flush();

      // A person resets the record from the CLI: the operator's copy is now stale.
      assertThat(person.reset(NS, pipeline, "category:transient_infra")).isEqualTo(1);
      operator.record(run(10, true));
      operator.flush(); // 409, read again, the new run applied on top of the reset

      HistoryView stored = person.view(NS, pipeline);
      assertThat(cluster.stored(pipeline).getStatus().trackRecords).isEmpty();
      assertThat(operator.view(NS, pipeline).trackRecords()).isEmpty();
      assertThat(cluster.stored(pipeline).getStatus().runs).hasSize(6);
      assertThat(stored.runsRecorded()).isEqualTo(5);
    }
  }

  @Test
  void aStaleViewIsReadAgainSoAResetFromTheCliIsSeen() {
    MutableClock clock = new MutableClock(START);
    try (RunLedger operator = ledger(cluster.client, clock); KubernetesClient cli = cluster.cluster.newClient();
        RunLedger person = ledger(cli, Clock.systemUTC())) {
      for (int i = 1; i <= 5; i++) {
        operator.record(corrective(i, false));
      }
      operator.flush();
      person.reset(NS, pipeline, "category:transient_infra");
      assertThat(operator.view(NS, pipeline).trackRecords()).as("fresh enough, not read again").hasSize(1);

      clock.advance(Duration.ofSeconds(31));

      assertThat(operator.view(NS, pipeline).trackRecords()).isEmpty();
    }
  }

  @Test
  void aDeletedHistoryStartsAgainFromTheChangesNotYetStored() {
    try (RunLedger ledger = ledger()) {
      ledger.record(run(1, true));
      ledger.flush();
      cluster.client.resources(PipelineHistory.class).inNamespace(NS).withName(pipeline).delete();
      assertThat(cluster.stored(pipeline)).isNull();

      ledger.record(run(2, true));
      ledger.flush();
    }

    assertThat(cluster.stored(pipeline).getStatus().runs).extracting(r -> r.name).containsExactly(pipeline + "-2");
  }

  @Test
  void aDecisionNotedAfterTheRunIsStoredWithIt() {
    Decision page = new Decision(List.of("category:genuine_failure"), "alert_human");
    try (RunLedger ledger = ledger()) {
      FinishedRun failed = run(1, false);
      ledger.record(failed);
      assertThat(ledger.decided(NS, pipeline, failed.uid(), page)).isTrue();
      assertThat(ledger.decided(NS, pipeline, failed.uid(), page)).as("noted before").isFalse();
      assertThat(ledger.decided(NS, pipeline, "no-such-uid", page)).isFalse();
      ledger.flush();

      assertThat(ledger.writes()).as("one creation and one status write for the run and its decision").isEqualTo(2);
    }

    HistoryStatus.Choice stored = cluster.stored(pipeline).getStatus().runs.get(0).decision;
    assertThat(stored.signatures).containsExactly("category:genuine_failure");
    assertThat(stored.strategy).isEqualTo("alert_human");
  }

  @Test
  void aFailureAndItsDecisionCostOneWriteAndAFailureWithoutOneIsWrittenAfterAWait() throws InterruptedException {
    try (RunLedger ledger = ledger()) {
      FinishedRun failed = run(1, false);
      ledger.record(failed);
      Thread.sleep(100); // the brain, the guard...
      ledger.decided(NS, pipeline, failed.uid(), new Decision(List.of("category:genuine_failure"), "alert_human"));
      eventually(() -> ledger.writes() >= 2);
      Thread.sleep(SPACING.toMillis());
      assertThat(ledger.writes()).as("the creation and one status write").isEqualTo(2);

      ledger.record(run(2, false)); // below the threshold: no decision comes
      Thread.sleep(SPACING.toMillis() + 100);
      assertThat(ledger.writes()).as("waiting for a decision").isEqualTo(2);
      eventually(() -> ledger.writes() == 3);
    }
    assertThat(cluster.stored(pipeline).getStatus().runs).hasSize(2);
  }

  @Test
  void metricsCountHealsAndPagesPerSignature() {
    try (RunLedger ledger = ledger()) {
      ledger.record(corrective(1, true));
      FinishedRun failed = run(9, false);
      ledger.record(failed);
      ledger.decided(NS, pipeline, failed.uid(), new Decision(List.of("category:genuine_failure"), "alert_human"));
    }

    assertThat(registry.get("healer_history_heals_total").tag("signature", "category:transient_infra").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("healer_history_pages_total").tag("signature", "category:genuine_failure").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("healer_history_runs_recorded_total").tag("outcome", "failed").counter().count())
        .isEqualTo(1.0);
  }

  /** Waits up to 10 s for the condition (a loaded machine can delay the writer thread). */
  private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
