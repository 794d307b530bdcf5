package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.RunRef;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RulesBrainTest {
  static final SignatureCatalog CATALOG = SignatureCatalog.builtIn();
  static final RulesBrain BRAIN = new RulesBrain(CATALOG, Redactor.none());
  static final RunRef RUN = new RunRef("Job", "ci", "build-42", "uid-1", "build", "build-42", 0);

  @Test
  void evidenceCarriesLineNumbersOfTheWholeLog() {
    LogTail tail = new LogTail("[INFO] Building app\n[ERROR] java.lang.OutOfMemoryError: Java heap space\n",
        1001, true, "test");

    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(tail, 1, null), BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.OOM);
    assertThat(diagnosis.evidence()).containsExactly(
        new Evidence(1002, "[ERROR] java.lang.OutOfMemoryError: Java heap space"));
    assertThat(diagnosis.summary()).contains("(line 1002)");
  }

  @Test
  void everyTextLeavingTheBrainIsRedacted() {
    Redactor masking = text -> text.replace("hunter2", "[MASKED]");
    RulesBrain brain = new RulesBrain(CATALOG, masking);
    LogTail tail = LogTail.of("""
        --- FAIL: TestLogin_hunter2 (0.00s)
            login_test.go:12: token hunter2 rejected
        npm ERR! code ECONNRESET while fetching https://user:hunter2@registry.example.com/pkg
        """);

    Diagnosis diagnosis = brain.diagnose(FailureSnapshot.ofLog(tail, 1, null), BrainContext.permissive());

    String everything = diagnosis.summary() + diagnosis.evidence() + diagnosis.failingTests() + diagnosis.notes();
    assertThat(everything).doesNotContain("hunter2").contains("[MASKED]");
  }

  @Test
  void strategyThePolicyDoesNotAllowBecomesAlertHumanAndSaysWhy() {
    BrainContext memoryOnly = new BrainContext("build", EnumSet.of(Action.INCREASE_MEMORY), "8Gi", Set.of());
    LogTail tail = LogTail.of("npm ERR! code ECONNRESET\nnpm ERR! network request failed, reason: read ECONNRESET\n");

    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(tail, 1, null), memoryOnly);

    assertThat(diagnosis.category()).isEqualTo(Category.TRANSIENT_INFRA);
    assertThat(diagnosis.action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(diagnosis.notes()).contains("the policy does not allow retry_stage (allowed: increase_memory)");
    assertThat(diagnosis.summary())
        .endsWith("a person is alerted because the policy does not allow retry_stage (allowed: increase_memory).");
  }

  @Test
  void policyWithoutHealingStrategiesAllowsNone() {
    BrainContext none = new BrainContext("build", Set.of(), "8Gi", Set.of());
    LogTail tail = LogTail.of("Killed\n");

    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(tail, 137, null), none);

    assertThat(diagnosis.action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(diagnosis.notes()).contains("the policy does not allow increase_memory (allowed: none)");
  }

  @Test
  void oomKilledReasonDecidesEvenWithoutALog() {
    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(LogTail.EMPTY, 137, "OOMKilled"),
        BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.OOM);
    assertThat(diagnosis.action()).isEqualTo(Action.INCREASE_MEMORY);
    assertThat(diagnosis.confidence()).isEqualTo(1.0);
    assertThat(diagnosis.evidence()).contains(new Evidence(0, "termination reason: OOMKilled"));
  }

  @Test
  void backoffLimitExceededIsOnlyTheJobGivingUp() {
    Diagnosis alone = BRAIN.diagnose(FailureSnapshot.ofLog(LogTail.EMPTY, null, "BackoffLimitExceeded"),
        BrainContext.permissive());
    FailureSnapshot withContainer = new FailureSnapshot(RUN, "build", null, "BackoffLimitExceeded",
        "Job has reached the specified backoff limit",
        List.of(new ContainerObservation("build", "maven:3", null, "1Gi", "1Gi", 137, "OOMKilled", null, false)),
        List.of(), LogTail.EMPTY, List.of(), Instant.EPOCH);

    assertThat(alone.category()).isEqualTo(Category.UNKNOWN);
    assertThat(BRAIN.diagnose(withContainer, BrainContext.permissive()).category()).isEqualTo(Category.OOM);
  }

  @Test
  void deadlineExceededIsATimeout() {
    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(LogTail.of("running integration suite\n"), null,
        "DeadlineExceeded"), BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.TIMEOUT);
    assertThat(diagnosis.action()).isEqualTo(Action.RETRY_STAGE);
  }

  @Test
  void eventsAreEvidenceToo() {
    FailureSnapshot snapshot = new FailureSnapshot(RUN, "build", null, null, "", List.of(),
        List.of("Warning Evicted pod/build-42-x7k2p The node was low on resource: ephemeral-storage."),
        LogTail.of("copying artifacts\n"), List.of(), Instant.EPOCH);

    Diagnosis diagnosis = BRAIN.diagnose(snapshot, BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.DISK_FULL);
    assertThat(diagnosis.evidence()).extracting(Evidence::line).containsOnly(0L);
  }

  @Test
  void exitCode137ThatIsATimeoutIsATimeout() {
    LogTail tail = LogTail.of("""
        Waiting for the database...
        No output has been received in the last 10m0s, this potentially indicates a stalled build.
        """);

    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(tail, 137, null), BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.TIMEOUT);
  }

  @Test
  void recoveredNetworkErrorLongBeforeAnAssertionFailureIsGenuine() {
    String filler = IntStream.range(0, 600).mapToObj(i -> "[INFO] Downloaded dep" + i + ".jar")
        .collect(Collectors.joining("\n"));
    LogTail tail = LogTail.of("Connection reset by peer, retrying\n" + filler + """

        [ERROR] reorderPoint(com.acme.StockTest)  Time elapsed: 0.01 s  <<< FAILURE!
        java.lang.AssertionError: expected:<120> but was:<100>
        [INFO] BUILD FAILURE
        """);

    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(tail, 1, null), BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.GENUINE_FAILURE);
    assertThat(diagnosis.failingTests()).containsExactly("reorderPoint(com.acme.StockTest)");
  }

  @Test
  void symptomsDoNotLowerTheConfidenceOfACause() {
    LogTail tail = LogTail.of("Running tests\nKilled\n[INFO] BUILD FAILURE\nmake: *** [test] Error 137\n");

    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(tail, null, null), BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.OOM);
    assertThat(diagnosis.confidence()).isEqualTo(0.8);
  }

  @Test
  void twoHealingCausesWithDifferentRemediesAreTooUnsureToHeal() {
    LogTail tail = LogTail.of("npm ERR! code ETARGET\nnpm ERR! code ECONNRESET\n");

    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(tail, 1, null), BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.DEPENDENCY_VERSION);
    assertThat(diagnosis.action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(diagnosis.confidence()).isLessThan(RulesBrain.MIN_HEAL_CONFIDENCE);
    assertThat(diagnosis.notes()).anyMatch(n -> n.startsWith("the evidence is too weak to heal automatically"));
  }

  @Test
  void emptyLogWithNothingToGoOnIsUnknown() {
    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(LogTail.EMPTY, 1, null), BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.UNKNOWN);
    assertThat(diagnosis.action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(diagnosis.brain()).isEqualTo("rules");
  }

  @Test
  void aFailingRedactorYieldsAnUnknownDiagnosisNotAnException() {
    RulesBrain brain = new RulesBrain(CATALOG, text -> {
      throw new IllegalStateException("redactor down: " + text);
    });

    Diagnosis diagnosis = brain.diagnose(FailureSnapshot.ofLog(LogTail.of("Killed\n"), 137, null),
        BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.UNKNOWN);
    assertThat(diagnosis.notes()).containsExactly("rules brain error: java.lang.IllegalStateException");
  }
}
