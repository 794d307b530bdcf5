package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.testing.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.IncidentSpec;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status writer edits its own last write without reading it again, and still never loses or doubles an
 * edit: a stale remembered copy is refused by the API server (409) and the edit is done again on a fresh read.
 */
class StatusWriterTest {
  private static final String NS = "ci";
  private static final String PATH = "/apis/rodytech.ai/v1alpha1/namespaces/ci/pipelineincidents/inc-1";

  private final TestCluster k8s = new TestCluster();
  private final InProcessCluster cluster = k8s.cluster;
  private final KubernetesClient client = k8s.client;
  private final StatusWriter<PipelineIncident, IncidentStatus> writer =
      new StatusWriter<>(client, PipelineIncident.class, IncidentStatus::new);

  @BeforeEach
  void anIncidentThisWriterCreated() {
    PipelineIncident incident = new PipelineIncident();
    incident.setMetadata(new ObjectMetaBuilder().withName("inc-1").withNamespace(NS).build());
    incident.setSpec(new IncidentSpec("backend-ci-build", "backend-build-healer", "policy-uid", "Job", "backend-ci-build-1", "run-uid"));
    writer.remember(client.resources(PipelineIncident.class).inNamespace(NS).resource(incident).create());
    k8s.countFromHere();
  }

  @AfterEach
  void stop() {
    k8s.close();
  }

  @Test
  void editsItsOwnLastWriteWithoutReadingIt() {
    writer.edit(NS, "inc-1", i -> i.getStatus().outcome = "Healing");
    writer.edit(NS, "inc-1", i -> i.getStatus().attempts = 1);
    writer.edit(NS, "inc-1", i -> i.getStatus().outcome = "Healed");

    assertThat(cluster.requests().count("GET", PATH)).isZero();
    assertThat(cluster.requests().count("PUT", PATH + "/status")).isEqualTo(3);
    IncidentStatus stored = read().getStatus();
    assertThat(stored.outcome).isEqualTo("Healed");
    assertThat(stored.attempts).isEqualTo(1);
  }

  @Test
  void aStaleRememberedCopyIsRefusedAndTheEditIsDoneOnAFreshRead() {
    writer.edit(NS, "inc-1", i -> i.getStatus().attempts = 1);
    // Another writer (a person with kubectl, an older leader) changes the status behind this writer's back.
    PipelineIncident behind = read();
    behind.getStatus().outcome = "Rejected";
    client.resources(PipelineIncident.class).inNamespace(NS).resource(behind).updateStatus();
    cluster.requests().reset();

    writer.edit(NS, "inc-1", i -> i.getStatus().attempts = i.getStatus().attempts + 1);

    assertThat(cluster.requests().count("PUT", PATH + "/status")).as("one refused, one accepted").isEqualTo(2);
    assertThat(cluster.requests().count("GET", PATH)).isEqualTo(1);
    IncidentStatus stored = read().getStatus();
    assertThat(stored.attempts).isEqualTo(2);
    assertThat(stored.outcome).as("the other writer's change is kept").isEqualTo("Rejected");
  }

  @Test
  void nothingToDoIsDecidedOnTheStoredCopyNotOnARememberedOne() {
    writer.edit(NS, "inc-1", i -> i.getStatus().outcome = "Healing");
    PipelineIncident behind = read();
    behind.getStatus().outcome = "Rejected";
    client.resources(PipelineIncident.class).inNamespace(NS).resource(behind).updateStatus();

    // On the remembered copy the outcome is Healing already; on the stored one it is not.
    writer.edit(NS, "inc-1", i -> i.getStatus().outcome = "Healing");

    assertThat(read().getStatus().outcome).isEqualTo("Healing");
  }

  @Test
  void aChangeLessEditOfAFullRememberedIncidentReadsOnceAndWritesNothing() {
    // Everything an incident's status can hold, odd text included: the remembered copy's JSON is compared with the
    // edited copy's, so its round trip through JSON must give the same text, or no-op edits would cost writes.
    writer.edit(NS, "inc-1", i -> {
      IncidentStatus st = i.getStatus();
      st.outcome = "Healing";
      st.action = "retry_stage";
      st.attempts = 2;
      st.snapshot = new IncidentStatus.SnapshotSummary();
      st.snapshot.run = "backend-ci-build-1";
      st.snapshot.exitCode = 137;
      st.snapshot.logExcerpt = "npm ERR! network \"timeout\"\n\tat <anonymous> \u00e9\u4e2d \\ / end";
      st.snapshot.missing.add("events");
      st.diagnosis = new IncidentStatus.DiagnosisRecord();
      st.diagnosis.category = "transient_infra";
      st.diagnosis.tokensIn = 0;
      st.diagnosis.failingTests.add("com.example.FooTest#bar");
      IncidentStatus.DecisionRecord decision = new IncidentStatus.DecisionRecord();
      decision.attempt = 1;
      decision.arguments.put("memory", "2Gi");
      decision.arguments.put("a", "1.50");
      decision.diff = "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n";
      st.decisions.add(decision);
      st.actions.add(new IncidentStatus.ActionRecord("Create", "backend-ci-build-1-retry-1", "Succeeded", "ok", "2026-12-06T21:00:00Z"));
      st.alertedChannels.add("slack");
      st.updated = "2026-12-06T21:00:00Z";
    });
    cluster.requests().reset();

    writer.edit(NS, "inc-1", i -> i.getStatus().outcome = "Healing");

    assertThat(cluster.requests().count("GET", PATH)).as("nothing to do is judged on the stored copy").isEqualTo(1);
    assertThat(cluster.requests().count("PUT", PATH + "/status")).isZero();
  }

  @Test
  void concurrentEditsOfOneResourceAreAllKept() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> edits = new ArrayList<>();
      for (int n = 0; n < 40; n++) {
        String run = "run-" + n;
        edits.add(pool.submit(() -> writer.edit(NS, "inc-1", i -> {
          List<IncidentStatus.RunRecord> runs = new ArrayList<>(i.getStatus().runs);
          IncidentStatus.RunRecord r = new IncidentStatus.RunRecord();
          r.name = run;
          runs.add(r);
          i.getStatus().runs = runs;
        })));
      }
      for (Future<?> edit : edits) {
        edit.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(read().getStatus().runs).extracting(r -> r.name).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void editsArrivingWhileAWriteIsInFlightGoTogetherInTheNextWrite() throws Exception {
    // The API server holds the first status write for a moment, as a busy one would.
    AtomicBoolean first = new AtomicBoolean(true);
    CountDownLatch firstWriteArrived = new CountDownLatch(1);
    cluster.setAdmission(request -> {
      if ("status".equals(request.subresource()) && first.getAndSet(false)) {
        firstWriteArrived.countDown();
        sleep(400);
      }
      return Optional.empty();
    });
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<?>> edits = new ArrayList<>();
      edits.add(pool.submit(() -> writer.edit(NS, "inc-1", i -> addRun(i, "run-first"))));
      assertThat(firstWriteArrived.await(10, TimeUnit.SECONDS)).isTrue();
      for (int n = 0; n < 9; n++) {
        String run = "run-" + n;
        edits.add(pool.submit(() -> writer.edit(NS, "inc-1", i -> addRun(i, run))));
      }
      for (Future<?> edit : edits) {
        edit.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(read().getStatus().runs).extracting(r -> r.name).hasSize(10).doesNotHaveDuplicates();
    assertThat(cluster.requests().count("PUT", PATH + "/status"))
        .as("the nine edits that came during the first write share the second").isEqualTo(2);
  }

  private static void addRun(PipelineIncident incident, String name) {
    List<IncidentStatus.RunRecord> runs = new ArrayList<>(incident.getStatus().runs);
    IncidentStatus.RunRecord r = new IncidentStatus.RunRecord();
    r.name = name;
    runs.add(r);
    incident.getStatus().runs = runs;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aDeletedResourceIsForgotten() {
    writer.edit(NS, "inc-1", i -> i.getStatus().outcome = "Healing");
    client.resources(PipelineIncident.class).inNamespace(NS).withName("inc-1").delete();

    assertThat(writer.edit(NS, "inc-1", i -> i.getStatus().outcome = "Healed")).isEmpty();
    assertThat(writer.lastWritten(NS, "inc-1")).isEmpty();
  }

  private PipelineIncident read() {
    return client.resources(PipelineIncident.class).inNamespace(NS).withName("inc-1").get();
  }
}
