package ai.rodytech.healer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.IncidentStatus.DecisionRecord;
import ai.rodytech.healer.api.IncidentStatus.EvidenceLine;
import ai.rodytech.healer.api.IncidentStatus.RunRecord;
import ai.rodytech.healer.core.history.RevisionResolver;
import ai.rodytech.healer.demo.Scenario.Expectation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The history scenarios' fixed parts, without a cluster: their runs carry the commit the ledger reads, and their
 * expectations are met only by the story they tell — the earlier incidents, the history as evidence, the record in
 * the alert about the last failure.
 */
class HistoryScenariosTest {
  private static final String SLACK_ABOUT_RUN_4 = "Pipeline Healer needs a human: backend-ci-build run "
      + "backend-ci-build-4 in demo-useless-retry failed (transient_infra). The package manager lost its connection to"
      + " the registry (line 18); running the stage again should pass. Here retry_stage healed only 0 of the last 3"
      + " failures with signature package-manager-network-error (0%, below the cut-off of 30%), so it is no longer"
      + " tried and a person decides.";
  private static final String HISTORY_EVIDENCE = "com.example.payments.PaymentWebhookIT.deliversEachEventOnce failed"
      + " and passed on the same commit 2 times in the last 3 runs (latest: commit 3f2c9a1d8e7b failed in"
      + " backend-ci-build-3 and passed in backend-ci-build-2)";

  @Test
  void theRunsCarryTheCommitTheLedgerReadsAsTheirOwnScenarioSays() {
    RevisionResolver revisions = RevisionResolver.defaults();
    Runs.Jobs flaky = (Runs.Jobs) HistoryScenarios.flakyHistory().runs();
    Runs.Jobs useless = (Runs.Jobs) HistoryScenarios.uselessRetry().runs();

    assertThat(revisions.resolve(null, null, null, env(flaky.build().run("ns", 1))))
        .contains(HistoryScenarios.FLAKY_COMMIT);
    assertThat(revisions.resolve(null, null, null, env(flaky.build().run("ns", 3))))
        .as("a re-run builds the same commit").contains(HistoryScenarios.FLAKY_COMMIT);
    List<String> pushes = new ArrayList<>();
    for (int run = 1; run <= HistoryScenarios.uselessRetry().originalRuns(); run++) {
      pushes.add(revisions.resolve(null, null, null, env(useless.build().run("ns", run))).orElseThrow());
    }
    assertThat(pushes).as("each run is a new push").doesNotHaveDuplicates().hasSize(4);
    assertThat(env(Build.MAVEN.run("ns", 1))).as("other scenarios' runs name no commit").isEmpty();
  }

  @Test
  void bothPlayTheirRunsOneAtATimeAndTheOthersDoNot() {
    assertThat(HistoryScenarios.all()).allMatch(Scenario::oneAtATime);
    assertThat(Scenarios.all()).filteredOn(Scenario::oneAtATime).extracting(Scenario::name)
        .containsExactly("flaky-history", "useless-retry");
  }

  @Test
  void flakyHistoryIsMetOnlyWhenAPersonHadTheFirstFailureAndHistoryIsTheEvidenceOfTheLast() {
    Expectation expected = HistoryScenarios.flakyHistory().expected();
    IncidentStatus first = incident("NeedsHuman", "alert_human", "genuine_failure", "rules");
    Observation story = lastOf(List.of(first), flakyRetried(HISTORY_EVIDENCE), 1, List.of());

    assertThat(expected.metBy(story)).as(expected.describe(story)).isTrue();
    assertThat(expected.describe(story)).isEqualTo(expected.describe());
    assertThat(expected.metBy(lastOf(List.of(), flakyRetried(HISTORY_EVIDENCE), 1, List.of())))
        .as("no person had the first failure").isFalse();
    assertThat(expected.metBy(lastOf(List.of(incident("Healed", "retry_stage", "flaky_test", "rules")),
        flakyRetried(HISTORY_EVIDENCE), 1, List.of()))).as("the first failure was retried already").isFalse();
    assertThat(expected.metBy(lastOf(List.of(first), flakyRetried("PaymentWebhookIT flips"), 1, List.of())))
        .as("the history is not the evidence").isFalse();
    assertThat(expected.metBy(lastOf(List.of(first), flakyRetried(HISTORY_EVIDENCE.replace(
        "deliversEachEventOnce", "rejectsUnsignedEvents")), 1, List.of()))).as("another test").isFalse();
  }

  @Test
  void uselessRetryIsMetOnlyWhenThreeRetriesFailedAndTheAlertAboutTheLastFailureGivesTheRecord() {
    Expectation expected = HistoryScenarios.uselessRetry().expected();
    List<IncidentStatus> retried = List.of(retriedInVain(1), retriedInVain(2), retriedInVain(3));
    IncidentStatus last = incident("NeedsHuman", "alert_human", "transient_infra", "rules");
    last.snapshot = new IncidentStatus.SnapshotSummary();
    last.snapshot.run = "backend-ci-build-4";
    AlertInbox.Received slack = new AlertInbox.Received("demo-useless-retry", "slack", "", SLACK_ABOUT_RUN_4);

    assertThat(expected.metBy(lastOf(retried, last, 3, List.of(slack)))).isTrue();
    assertThat(expected.metBy(lastOf(retried.subList(0, 2), last, 3, List.of(slack))))
        .as("two retries, not three").isFalse();
    IncidentStatus healed = retriedInVain(3);
    healed.outcome = "Healed";
    assertThat(expected.metBy(lastOf(List.of(retried.get(0), retried.get(1), healed), last, 3, List.of(slack))))
        .as("one retry healed").isFalse();
    AlertInbox.Received aboutRun3 = new AlertInbox.Received("demo-useless-retry", "slack", "",
        SLACK_ABOUT_RUN_4.replace("backend-ci-build-4", "backend-ci-build-3"));
    assertThat(expected.metBy(lastOf(retried, last, 3, List.of(aboutRun3))))
        .as("the record reached the person only about an earlier failure").isFalse();
    AlertInbox.Received noRecord = new AlertInbox.Received("demo-useless-retry", "slack", "",
        SLACK_ABOUT_RUN_4.substring(0, SLACK_ABOUT_RUN_4.indexOf(" Here")));
    assertThat(expected.describe(lastOf(retried, last, 3, List.of(noRecord))))
        .endsWith("no alert about backend-ci-build-4 gives a track record");
  }

  @Test
  void aScenarioOfOneIncidentHasNoEarlierOnes() {
    Observation single = new Observation(1, incident("Healed", "retry_stage", "flaky_test", "rules"), List.of(),
        false);
    assertThat(single.earlier()).isEmpty();
    assertThat(single.alerts()).isEmpty();
  }

  private static Observation lastOf(List<IncidentStatus> earlier, IncidentStatus last, int correctiveRuns,
      List<AlertInbox.Received> alerts) {
    List<HasMetadata> runs = new ArrayList<>();
    for (int i = 1; i <= correctiveRuns; i++) {
      runs.add(Build.MAVEN.run("ns", i));
    }
    boolean alerted = earlier.stream().anyMatch(s -> !"Healed".equals(s.outcome)) || !alerts.isEmpty();
    return new Observation(1, last, earlier, runs, alerted, alerts);
  }

  private static IncidentStatus flakyRetried(String historyEvidence) {
    IncidentStatus st = incident("Healed", "retry_stage", "flaky_test", "rules+history");
    st.diagnosis.evidence.add(new EvidenceLine(0, historyEvidence));
    st.diagnosis.evidence.add(new EvidenceLine(42, "[ERROR] Failed to execute goal ... There are test failures."));
    return st;
  }

  /** An earlier failure of useless-retry: retried once, the retry failed, retries exhausted. */
  private static IncidentStatus retriedInVain(int run) {
    IncidentStatus st = incident("NeedsHuman", "alert_human", "transient_infra", "rules");
    st.runs.add(run("backend-ci-build-" + run, 0));
    st.runs.add(run("backend-ci-build-" + run + "-abc123-heal-1", 1));
    DecisionRecord retry = new DecisionRecord();
    retry.attempt = 1;
    retry.action = "retry_stage";
    retry.verdict = "Approved";
    st.decisions.add(retry);
    return st;
  }

  private static RunRecord run(String name, int attempt) {
    RunRecord r = new RunRecord();
    r.name = name;
    r.attempt = attempt;
    r.result = "Failed";
    return r;
  }

  private static IncidentStatus incident(String outcome, String action, String category, String brain) {
    IncidentStatus st = new IncidentStatus();
    st.outcome = outcome;
    st.action = action;
    st.diagnosis = new IncidentStatus.DiagnosisRecord();
    st.diagnosis.category = category;
    st.diagnosis.brain = brain;
    return st;
  }

  private static Map<String, String> env(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
