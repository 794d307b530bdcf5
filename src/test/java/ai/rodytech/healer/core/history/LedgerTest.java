package ai.rodytech.healer.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {
  private final Runs runs = new Runs();

  @Test
  void aRunIsRecordedOncePerUid() {
    FinishedRun run = runs.failed(Runs.rev(1), "com.example.PaymentWebhookIT.retries");

    assertThat(runs.ledger().record(run)).isFalse();
    assertThat(runs.view().runs()).hasSize(1);
    assertThat(runs.view().runsRecorded()).isEqualTo(1);
  }

  @Test
  void oldRunsRollOffAndTheWatermarkKeepsThemRecorded() {
    FinishedRun first = runs.passed(Runs.rev(1));
    for (int i = 0; i < Ledger.MAX_RUNS + 10; i++) {
      runs.passed(Runs.rev(2));
    }
    HistoryView view = runs.view();

    assertThat(view.runs()).hasSize(Ledger.MAX_RUNS);
    assertThat(view.keeps(first.uid())).isFalse();
    assertThat(view.watermark()).isAfterOrEqualTo(first.finished());
    assertThat(runs.ledger().record(first)).as("a rolled-off run seen again").isFalse();
    assertThat(runs.view().runsRecorded()).isEqualTo(Ledger.MAX_RUNS + 11);
  }

  @Test
  void runsAreOrderedByTheTimeTheyFinishedWhateverTheOrderOfRecording() {
    FinishedRun early = runs.next().succeeded(true).build();
    FinishedRun late = runs.next().succeeded(false).build();
    runs.ledger().record(late);
    runs.ledger().record(early);

    assertThat(runs.view().runs()).extracting(RunEntry::uid).containsExactly(early.uid(), late.uid());
    assertThat(runs.view().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void consecutiveFailuresCountFromTheLatestSuccess() {
    runs.failed(Runs.rev(1));
    runs.passed(Runs.rev(1));
    runs.failed(Runs.rev(2));
    runs.failed(Runs.rev(2));
    runs.corrective("category:transient_infra", "retry_stage", false);

    assertThat(runs.view().consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void aLedgerRestoredFromItsViewGoesOnWhereItStopped() {
    FinishedRun recorded = runs.failed(Runs.rev(1), "ItA.test");
    runs.passed(Runs.rev(1));
    runs.corrective("category:flaky_test", "retry_stage", true);

    Ledger restored = Ledger.from(runs.view());

    assertThat(restored.view()).isEqualTo(runs.view());
    assertThat(restored.record(recorded)).isFalse();
  }

  @Test
  void aCorrectiveRunCountsForTheSignatureAndStrategyThatChoseIt() {
    runs.corrective("category:timeout", "retry_stage", true);
    runs.corrective("category:timeout", "retry_stage", false);
    runs.corrective("category:oom", "increase_memory", true);
    runs.passed(Runs.rev(1));

    TrackRecord retry = runs.view().trackRecord("category:timeout", "retry_stage").orElseThrow();
    assertThat(retry.recent()).isEqualTo("HF");
    assertThat(retry.describe()).isEqualTo("retry_stage healed 1 of 2 failures with signature category:timeout here");
    assertThat(runs.view().trackRecord("category:oom", "increase_memory")).isPresent();
    assertThat(runs.view().trackRecords()).hasSize(2);
  }

  @Test
  void aTrackRecordKeepsTheLatestOutcomesAndEveryTotal() {
    for (int i = 0; i < Ledger.RECENT_OUTCOMES + 5; i++) {
      runs.corrective("category:timeout", "retry_stage", i < 5);
    }
    TrackRecord record = runs.view().trackRecord("category:timeout", "retry_stage").orElseThrow();

    assertThat(record.recent()).isEqualTo("F".repeat(Ledger.RECENT_OUTCOMES));
    assertThat(record.attempts()).isEqualTo(Ledger.RECENT_OUTCOMES + 5);
    assertThat(record.healed()).isEqualTo(5);
  }

  @Test
  void resetForgetsEveryStrategyOfTheSignatureOnly() {
    runs.corrective("category:timeout", "retry_stage", false);
    runs.corrective("category:oom", "increase_memory", false);

    assertThat(runs.ledger().reset("category:timeout")).isEqualTo(1);
    assertThat(runs.ledger().reset("category:timeout")).isZero();
    assertThat(runs.view().trackRecords()).extracting(TrackRecord::signature).containsExactly("category:oom");
  }

  @Test
  void aRunWithManyFailingTestsKeepsTheirCountButOnlyTheFirstNames() {
    String[] tests = new String[Ledger.MAX_TESTS_PER_RUN + 5];
    for (int i = 0; i < tests.length; i++) {
      tests[i] = "com.example.SuiteIT.case" + i;
    }
    runs.failed(Runs.rev(1), tests);
    RunEntry entry = runs.view().runs().get(0);

    assertThat(entry.failedTests()).hasSize(Ledger.MAX_TESTS_PER_RUN);
    assertThat(entry.failedTestCount()).isEqualTo(tests.length);
  }

  @Test
  void theLedgerStaysWithinItsBudgetWhenRunsCarryLongNames() {
    String longTest = "com.example.payments.webhooks.integration.".repeat(4) + "PaymentWebhookIT.case";
    for (int i = 0; i < 400; i++) {
      String[] tests = new String[Ledger.MAX_TESTS_PER_RUN];
      for (int t = 0; t < tests.length; t++) {
        tests[t] = longTest + t + "-" + i;
      }
      runs.failed(Runs.rev(i), tests);
    }
    int estimated = runs.view().runs().stream().mapToInt(RunEntry::estimatedBytes).sum();

    assertThat(estimated).isLessThanOrEqualTo(Ledger.TOTAL_BUDGET);
    assertThat(runs.view().runs().size()).isLessThan(Ledger.MAX_RUNS).isGreaterThan(10);
  }

  @Test
  void testNamesAreSpelledOneWay() {
    runs.record(runs.next().succeeded(false).failingTests(List.of("retries(com.example.PaymentWebhookIT)", " ",
        "PaymentWebhookIT.retries", "com.example.RefundTest.roundsDown")));

    assertThat(runs.view().runs().get(0).failedTests())
        .containsExactly("com.example.PaymentWebhookIT.retries", "com.example.RefundTest.roundsDown");
  }

  @Test
  void aRunFinishedAtOrBeforeTheWatermarkIsNotRecorded() {
    for (int i = 0; i < Ledger.MAX_RUNS + 1; i++) {
      runs.passed(Runs.rev(1));
    }
    Instant watermark = runs.view().watermark();
    FinishedRun late = FinishedRun.builder(Runs.NS, Runs.PIPELINE, "late", "uid-late")
        .finished(watermark.minus(Duration.ofSeconds(1))).succeeded(false).build();

    assertThat(runs.ledger().record(late)).isFalse();
  }
}
