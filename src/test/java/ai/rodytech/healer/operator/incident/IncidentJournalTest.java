package ai.rodytech.healer.operator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.IncidentSpec;
import ai.rodytech.healer.api.IncidentState;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The journal creates without reading, hands out its own last write only when a watch event says it is the
 * latest, lets one pass decide an attempt, and prunes only settled incidents.
 */
class IncidentJournalTest {
  private static final String NS = "ci";
  private static final Lineage LINEAGE = new Lineage("backend-ci-build-1", "uid-1", 0);
  private static final String PATH =
      "/apis/rodytech.ai/v1alpha1/namespaces/ci/pipelineincidents/" + LINEAGE.incidentName();

  private final TestCluster k8s = new TestCluster();
  private final KubernetesClient client = k8s.client;
  private final IncidentJournal journal = new IncidentJournal(client, Clock.systemUTC());
  private final PipelineRecoveryPolicy policy = client.resource(policy()).create();

  @AfterEach
  void stop() {
    k8s.close();
  }

  @Test
  void anIncidentUnderAPolicyThatAsksForApprovalIsLabelledAtCreation() {
    assertThat(journal.open(policy, LINEAGE, "backend-ci-build", "Job", true).getMetadata().getLabels())
        .containsEntry(Labels.AWAITING_PERSON, "true");
    assertThat(journal.open(policy, new Lineage("backend-ci-build-2", "uid-2", 0), "backend-ci-build", "Job", false)
        .getMetadata().getLabels()).doesNotContainKey(Labels.AWAITING_PERSON);
  }

  @Test
  void labellingLaterCostsOnePatchAndTheNextStatusWriteNeitherReadsNorConflicts() {
    PipelineIncident incident = journal.open(policy, LINEAGE, "backend-ci-build", "Job", false);
    k8s.countFromHere();

    journal.labelAwaitingPerson(incident);
    journal.labelAwaitingPerson(client.resources(PipelineIncident.class).inNamespace(NS)
        .withName(LINEAGE.incidentName()).get()); // labelled already: nothing written
    journal.observed(incident, null, null, "backend-ci-build-1", 0);

    assertThat(k8s.count("PATCH", PATH)).isEqualTo(1);
    assertThat(k8s.count("PUT", PATH + "/status")).isEqualTo(1);
    assertThat(k8s.count("GET", PATH)).as("the test's own read only: " + k8s.cluster.requests().snapshot()).isEqualTo(1);
    assertThat(client.resources(PipelineIncident.class).inNamespace(NS).withName(LINEAGE.incidentName()).get()
        .getMetadata().getLabels()).containsEntry(Labels.AWAITING_PERSON, "true")
        .containsEntry(Labels.PIPELINE, "backend-ci-build");
  }

  @Test
  void atStartOnlyWaitingIncidentsWithoutTheLabelAreLabelled() {
    PipelineIncident waiting = journal.open(policy, LINEAGE, "backend-ci-build", "Job", false);
    PipelineIncident other = journal.open(policy, new Lineage("backend-ci-build-2", "uid-2", 0), "backend-ci-build",
        "Job", false);
    String waitingName = waiting.getMetadata().getName();

    int labelled = journal.labelWaitingIncidents(java.util.Set.of(),
        i -> i.getMetadata().getName().equals(waitingName));
    int again = journal.labelWaitingIncidents(java.util.Set.of(NS), i -> i.getMetadata().getName().equals(waitingName));

    assertThat(labelled).isEqualTo(1);
    assertThat(again).as("labelled already").isZero();
    assertThat(client.resources(PipelineIncident.class).inNamespace(NS).withName(other.getMetadata().getName()).get()
        .getMetadata().getLabels()).doesNotContainKey(Labels.AWAITING_PERSON);
  }

  @Test
  void aNewIncidentIsCreatedWithoutARead() {
    k8s.countFromHere();
    PipelineIncident created = journal.open(policy, LINEAGE, "backend-ci-build", "Job", false);

    assertThat(created.getMetadata().getName()).isEqualTo("backend-ci-build-1-" + LINEAGE.uidHash());
    assertThat(created.getSpec().getRootRunUid()).isEqualTo("uid-1");
    assertThat(created.getSpec().getPolicyUid()).isEqualTo(policy.getMetadata().getUid());
    assertThat(created.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("backend-build-healer"));
    assertThat(k8s.count("GET", PATH)).isZero();
    // A second journal (another replica, a restart) finds it existing: one create refused, one read.
    PipelineIncident again = new IncidentJournal(client, Clock.systemUTC())
        .open(policy, LINEAGE, "backend-ci-build", "Job", false);
    assertThat(again.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(k8s.count("GET", PATH)).isEqualTo(1);
  }

  @Test
  void aReCreatedRunOfTheSameNameGetsAnotherIncident() {
    PipelineIncident first = journal.open(policy, LINEAGE, "backend-ci-build", "Job", false);
    PipelineIncident second =
        journal.open(policy, new Lineage("backend-ci-build-1", "uid-2", 0), "backend-ci-build", "Job", false);

    assertThat(second.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName());
  }

  @Test
  void onlyOnePassDecidesAnAttempt() {
    PipelineIncident incident = journal.open(policy, LINEAGE, "backend-ci-build", "Job", false);
    Optional<PipelineIncident> first = journal.decide(incident, entry(1, IncidentState.HEALING));
    Optional<PipelineIncident> second =
        new IncidentJournal(client, Clock.systemUTC()).decide(incident, entry(1, IncidentState.NEEDS_HUMAN));

    assertThat(first).isPresent();
    assertThat(second).as("the attempt was decided by the first pass").isEmpty();
    PipelineIncident stored = journal.get(NS, incident.getMetadata().getName()).orElseThrow();
    assertThat(stored.getStatus().outcome).isEqualTo("Healing");
    assertThat(stored.getStatus().decisions).hasSize(1);
  }

  @Test
  void theLastWrittenCopyIsUsedOnlyForTheEventOfThatWrite() {
    PipelineIncident created = journal.open(policy, LINEAGE, "backend-ci-build", "Job", false);
    PipelineIncident written = journal.decide(created, entry(1, IncidentState.HEALING)).orElseThrow();
    k8s.countFromHere();

    assertThat(journal.latest(written)).get().satisfies(i -> assertThat(i.getStatus().outcome).isEqualTo("Healing"));
    assertThat(k8s.count("GET", PATH)).as("the event is about the remembered write").isZero();

    // Another write lands (here by someone else); its event arrives before this journal has seen its answer.
    PipelineIncident behind = client.resources(PipelineIncident.class).inNamespace(NS)
        .withName(created.getMetadata().getName()).get();
    behind.getStatus().outcome = "Healed";
    PipelineIncident newer = client.resource(behind).updateStatus();
    k8s.countFromHere();

    assertThat(journal.latest(newer)).get().satisfies(i -> assertThat(i.getStatus().outcome).isEqualTo("Healed"));
    assertThat(k8s.count("GET", PATH)).as("an older remembered copy is not taken").isEqualTo(1);
  }

  @Test
  void pruningKeepsWhatIsStillGoingOnAndDeletesTheOldestSettledOnes() {
    incident("just-created", null);
    incident("healing", "Healing");
    incident("waiting", "PendingApproval");
    incident("healed-1", "Healed");
    incident("healed-2", "NeedsHuman");

    int deleted = journal.prune(NS, "backend-ci-build", Duration.ofDays(7), 1, Instant.now());

    assertThat(deleted).isEqualTo(1);
    assertThat(client.resources(PipelineIncident.class).inNamespace(NS).list().getItems())
        .extracting(i -> i.getMetadata().getName())
        .hasSize(4)
        .contains("just-created", "healing", "waiting");
  }

  private static IncidentJournal.Entry entry(int attempt, IncidentState state) {
    IncidentStatus.DecisionRecord decision = new IncidentStatus.DecisionRecord();
    decision.attempt = attempt;
    decision.verdict = "Approved";
    return new IncidentJournal.Entry(attempt, null, null, decision, "retry_stage", state, null, List.of(),
        "backend-ci-build-1", 0);
  }

  private void incident(String name, String outcome) {
    PipelineIncident incident = new PipelineIncident();
    incident.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS)
        .withLabels(Map.of(Labels.PIPELINE, "backend-ci-build")).build());
    incident.setSpec(new IncidentSpec("backend-ci-build", "backend-build-healer", "p-uid", "Job", name, name));
    PipelineIncident created = client.resource(incident).create();
    IncidentStatus status = new IncidentStatus();
    status.outcome = outcome;
    created.setStatus(status);
    client.resource(created).updateStatus();
  }

  private static PipelineRecoveryPolicy policy() {
    PipelineRecoveryPolicy policy = new PipelineRecoveryPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("backend-build-healer").withNamespace(NS).build());
    return policy;
  }
}
