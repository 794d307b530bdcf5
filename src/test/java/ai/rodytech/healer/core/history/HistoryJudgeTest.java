package ai.rodytech.healer.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.history.HistoryJudge.Judgement;
import ai.rodytech.healer.core.history.HistoryJudge.Ruling;
import ai.rodytech.healer.core.plan.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryJudgeTest {
  private static final String IT = "com.example.PaymentWebhookIT.retriesOnTimeout";
  private static final String NEW = "com.example.RefundTest.roundsDown";
  private static final HistoryRules RULES = HistoryRules.DEFAULTS;

  private final Runs runs = new Runs();
  private final HistoryJudge judge = new HistoryJudge();

  private Judgement judge(Diagnosis diagnosis) {
    return judge.judge(diagnosis, runs.view(), RULES, runs.now());
  }

  private static Diagnosis genuine(String... tests) {
    return Diagnosis.of(Category.GENUINE_FAILURE, Action.ALERT_HUMAN, 0.7,
        "A test assertion failed; a person needs to look.",
        List.of(new Evidence(120, "expected: <200> but was: <504>")), List.of(tests), "rules");
  }

  private void itIsKnownFlaky() {
    runs.failed(Runs.rev(1), IT);
    runs.passed(Runs.rev(1));
  }

  @Test
  void aGenuineLookingFailureOfKnownFlakyTestsIsRetriedWithTheHistoryAsEvidence() {
    itIsKnownFlaky();

    Judgement judgement = judge(genuine(IT));

    Diagnosis d = judgement.diagnosis();
    assertThat(judgement.ruling()).isEqualTo(Ruling.KNOWN_FLAKY);
    assertThat(d.category()).isEqualTo(Category.FLAKY_TEST);
    assertThat(d.action()).isEqualTo(Action.RETRY_STAGE);
    assertThat(d.confidence()).isEqualTo(HistoryJudge.HISTORY_CONFIDENCE);
    assertThat(d.summary()).isEqualTo("Every failing test is known to be flaky in this pipeline (" + IT
        + "); running it again should pass.");
    assertThat(d.evidence().get(0).text()).startsWith(IT + " failed and passed on the same commit once");
    assertThat(d.evidence()).contains(new Evidence(120, "expected: <200> but was: <504>"));
    assertThat(d.notes()).anySatisfy(n -> assertThat(n).startsWith("history: the log alone read as genuine_failure"));
    assertThat(d.brain()).isEqualTo("rules+history");
  }

  @Test
  void aNewFailingTestNextToAFlakyOneGoesToAPerson() {
    itIsKnownFlaky();

    Judgement judgement = judge(genuine(IT, NEW));

    assertThat(judgement.ruling()).isEqualTo(Ruling.UNCHANGED);
    assertThat(judgement.diagnosis().action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(judgement.diagnosis().notes()).contains("history: " + IT + " is known to be flaky here, but " + NEW
        + " failed too and has no history of flaking");
  }

  @Test
  void aRetryTheLogProposedForFlakinessIsRefusedWhenANewTestFailsToo() {
    itIsKnownFlaky();
    Diagnosis flakyByLog = Diagnosis.of(Category.FLAKY_TEST, Action.RETRY_STAGE, 0.6, "The test runner reports a"
        + " flaky test; running it again should pass.", List.of(), List.of(IT, NEW), "rules");

    Judgement judgement = judge(flakyByLog);

    assertThat(judgement.ruling()).isEqualTo(Ruling.NEW_FAILURE_NEXT_TO_FLAKY);
    assertThat(judgement.diagnosis().action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(judgement.diagnosis().summary()).endsWith("failed too and has no history of flaking, so a person"
        + " decides.");
  }

  @Test
  void withoutHistoryTheDiagnosisStands() {
    Diagnosis diagnosis = genuine(IT);

    Judgement judgement = judge(diagnosis);

    assertThat(judgement.diagnosis()).isEqualTo(diagnosis);
    assertThat(judgement.ruling()).isEqualTo(Ruling.UNCHANGED);
  }

  @Test
  void aFailureTheLogExplainsOtherwiseKeepsItsAction() {
    itIsKnownFlaky();
    Diagnosis oom = Diagnosis.of(Category.OOM, Action.INCREASE_MEMORY, 1.0, "Killed for memory.", List.of(),
        List.of(IT), "rules");

    assertThat(judge(oom).diagnosis().action()).isEqualTo(Action.INCREASE_MEMORY);
  }

  @Test
  void manyFailingTestsAtOnceAreAnOutageEvenWhenEachIsKnownFlaky() {
    String[] tests = new String[RULES.massFailureTests()];
    for (int i = 0; i < tests.length; i++) {
      tests[i] = "com.example.SuiteIT.case" + i;
      runs.failed(Runs.rev(i), tests[i]);
      runs.passed(Runs.rev(i));
    }

    Judgement judgement = judge(genuine(tests));

    assertThat(judgement.ruling()).isEqualTo(Ruling.UNCHANGED);
    assertThat(judgement.diagnosis().action()).isEqualTo(Action.ALERT_HUMAN);
  }

  @Test
  void aStrategyBelowTheCutOffOverItsLastFiveAttemptsIsStopped() {
    String signature = "category:transient_infra";
    for (boolean healed : new boolean[] {true, false, false, false, false}) {
      runs.corrective(signature, "retry_stage", healed);
    }
    Diagnosis transientFailure = Diagnosis.of(Category.TRANSIENT_INFRA, Action.RETRY_STAGE, 0.9,
        "The connection was reset; running it again should fix it.", List.of(), List.of(), "rules");

    Judgement judgement = judge(transientFailure);

    assertThat(judgement.ruling()).isEqualTo(Ruling.TRACK_RECORD_TOO_LOW);
    assertThat(judgement.diagnosis().action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(judgement.diagnosis().summary()).isEqualTo("The connection was reset; running it again should fix"
        + " it. Here retry_stage healed only 1 of the last 5 failures with signature category:transient_infra (20%,"
        + " below the cut-off of 30%), so it is no longer tried and a person decides (reset with: healer history"
        + " reset -n ci --pipeline backend-ci-build --signature category:transient_infra).");
    assertThat(judgement.trackRecord()).isPresent();
  }

  @Test
  void fewerAttemptsThanTheMinimumNeverStopAStrategy() {
    for (int i = 0; i < RULES.trackRecordMinimumAttempts() - 1; i++) {
      runs.corrective("category:transient_infra", "retry_stage", false);
    }
    Diagnosis transientFailure = Diagnosis.of(Category.TRANSIENT_INFRA, Action.RETRY_STAGE, 0.9, "Reset.",
        List.of(), List.of(), "rules");

    Judgement judgement = judge(transientFailure);

    assertThat(judgement.diagnosis().action()).isEqualTo(Action.RETRY_STAGE);
    assertThat(judgement.diagnosis().notes())
        .containsExactly("history: retry_stage healed 0 of 4 failures with signature category:transient_infra here");
  }

  @Test
  void aRecordAtTheCutOffIsKept() {
    // 3 of 10 healed: exactly 0.3 is not below the cut-off.
    for (int i = 0; i < 10; i++) {
      runs.corrective("category:transient_infra", "retry_stage", i < 3);
    }
    Diagnosis transientFailure = Diagnosis.of(Category.TRANSIENT_INFRA, Action.RETRY_STAGE, 0.9, "Reset.",
        List.of(), List.of(), "rules");

    assertThat(judge(transientFailure).diagnosis().action()).isEqualTo(Action.RETRY_STAGE);
  }

  @Test
  void aResetRecordIsTriedAgain() {
    for (int i = 0; i < 6; i++) {
      runs.corrective("category:transient_infra", "retry_stage", false);
    }
    Diagnosis transientFailure = Diagnosis.of(Category.TRANSIENT_INFRA, Action.RETRY_STAGE, 0.9, "Reset.",
        List.of(), List.of(), "rules");
    assertThat(judge(transientFailure).diagnosis().action()).isEqualTo(Action.ALERT_HUMAN);

    runs.ledger().reset("category:transient_infra");

    assertThat(judge(transientFailure).diagnosis().action()).isEqualTo(Action.RETRY_STAGE);
  }

  @Test
  void aKnownFlakyRetryIsStoppedToByAPoorTrackRecord() {
    itIsKnownFlaky();
    for (int i = 0; i < 5; i++) {
      runs.corrective("category:flaky_test", "retry_stage", false);
    }

    Judgement judgement = judge(genuine(IT));

    assertThat(judgement.ruling()).isEqualTo(Ruling.TRACK_RECORD_TOO_LOW);
    assertThat(judgement.flaky()).hasSize(1);
    assertThat(judgement.diagnosis().category()).isEqualTo(Category.FLAKY_TEST);
    assertThat(judgement.diagnosis().action()).isEqualTo(Action.ALERT_HUMAN);
  }
}
