package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PolicyStatus;
import static ai.rodytech.healer.operator.StrictCluster.BUILD;
import static ai.rodytech.healer.operator.StrictCluster.FLAKY;
import static ai.rodytech.healer.operator.StrictCluster.PASS;

import ai.rodytech.healer.operator.StrictCluster.Space;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, points 2, 4, 5 and part of 7, on the strict simulated Job lifecycle: finished runs are never counted or
 * acted on again, a name is not an identity, short-lived and half-deleted Jobs are still healed, and a corrective
 * run is a clean copy (no suspend, owned by the CronJob but not as its controller, never pinned to a local image).
 */
class JobLifecycleHealingIT {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static StrictCluster k;

  @BeforeAll
  static void start() {
    k = new StrictCluster(10);
  }

  @AfterAll
  static void stop() {
    k.close();
  }

  /** The policy's counters and outcome (its conditions carry the policy reconciler's own heartbeat). */
  private record Counters(Long failuresSeen, Long healsAttempted, Long healsSucceeded, Integer consecutiveFailures,
      String lastOutcome, Long pagesSent) {}

  /** What a person could see change: the policy's counters, incidents, runs and the healer's Events. */
  private record Seen(Counters policy, Map<String, String> incidents, Map<String, String> runs,
      Map<String, Integer> events) {
    static Seen in(Space ns) {
      k.flushPolicyStatus();
      PolicyStatus st = ns.policy().getStatus();
      Counters counters = new Counters(st.getFailuresSeen(), st.getHealsAttempted(), st.getHealsSucceeded(),
          st.getConsecutiveFailures(), st.getLastOutcome(), st.getPagesSent());
      return new Seen(counters, byName(ns.incidents(), i -> i.getMetadata().getResourceVersion()),
          byName(ns.jobs(), j -> j.getMetadata().getUid()),
          k.client.v1().events().inNamespace(ns.ns).list().getItems().stream()
              .filter(e -> e.getSource() != null && Labels.EVENT_COMPONENT.equals(e.getSource().getComponent()))
              .collect(Collectors.toMap(e -> e.getMetadata().getName(), Event::getCount, (a, b) -> a, TreeMap::new)));
    }

    private static <T extends HasMetadata> Map<String, String> byName(List<T> items, Function<T, String> value) {
      return items.stream().collect(Collectors.toMap(i -> i.getMetadata().getName(), value, (a, b) -> a,
          TreeMap::new));
    }
  }

  @Test
  void aFinishedRunIsNeverCountedOrActedOnAgainWhenReconciledAgainOrAfterARestart() {
    Space ns = k.namespace("recount", RunScript.byAttempt(FLAKY, PASS));
    ns.run("backend-ci-build-1", s -> s);
    ns.awaitOutcome("backend-ci-build-1", "Healed", WITHIN);
    await().atMost(WITHIN).until(() -> ns.policy().getStatus().getHealsSucceeded() == 1);
    Seen before = Seen.in(ns);
    assertThat(before.policy().failuresSeen()).isEqualTo(1);
    assertThat(before.runs()).hasSize(2);

    // Any change to a finished run reaches the reconciler again, as a periodic re-reconciliation would.
    for (Job job : ns.jobs()) {
      k.client.batch().v1().jobs().inNamespace(ns.ns).withName(job.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"touched\":\"again\"}}}");
    }
    settle();
    assertThat(Seen.in(ns)).as("after every finished run was reconciled again").isEqualTo(before);

    k.restart();
    settle();
    assertThat(Seen.in(ns)).as("after a restart").isEqualTo(before);
  }

  @Test
  void aJobDeletedAndRecreatedUnderTheSameNameIsANewFailureWithItsOwnIncidentAndHeal() {
    Space ns = k.namespace("recreated", RunScript.byAttempt(FLAKY, PASS));
    Job first = ns.run("backend-ci-build-1", s -> s);
    ns.awaitOutcome("backend-ci-build-1", "Healed", WITHIN);
    k.client.batch().v1().jobs().inNamespace(ns.ns).withName("backend-ci-build-1")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
    await().atMost(WITHIN).until(() -> ns.job("backend-ci-build-1").isEmpty());

    Job second = ns.run("backend-ci-build-1", s -> s);
    await().atMost(WITHIN).until(() -> ns.incidents().stream().filter(i -> i.getStatus() != null
        && "Healed".equals(i.getStatus().outcome)).count() == 2);

    assertThat(ns.incidents()).extracting(i -> i.getSpec().getRootRunUid())
        .containsExactlyInAnyOrder(first.getMetadata().getUid(), second.getMetadata().getUid());
    assertThat(ns.incidents()).extracting(i -> i.getMetadata().getName())
        .containsExactlyInAnyOrder(new Lineage("backend-ci-build-1", first.getMetadata().getUid(), 0).incidentName(),
            new Lineage("backend-ci-build-1", second.getMetadata().getUid(), 0).incidentName());
    assertThat(ns.retries("backend-ci-build-1")).extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder(new Lineage("backend-ci-build-1", first.getMetadata().getUid(), 0).runName(1),
            new Lineage("backend-ci-build-1", second.getMetadata().getUid(), 0).runName(1));
    // One HealAttempted Event per Job, told apart by UID though the name is the same.
    assertThat(ns.events("HealAttempted")).extracting(e -> e.getInvolvedObject().getUid())
        .containsExactlyInAnyOrder(first.getMetadata().getUid(), second.getMetadata().getUid());
  }

  @Test
  void aJobDeletedAsSoonAsItFinishedIsCountedAndHealedAndItsCorrectiveRunsResultIsNotLost() {
    Space ns = k.namespace("ttl-zero", RunScript.byAttempt(FLAKY, PASS));
    ns.run("backend-ci-build-1", s -> s.withTtlSecondsAfterFinished(0));

    IncidentStatus st = ns.awaitOutcome("backend-ci-build-1", "Healed", WITHIN);
    await().atMost(WITHIN).until(() -> ns.jobs().isEmpty());
    assertThat(st.runs).anySatisfy(r -> {
      assertThat(r.attempt).isEqualTo(1);
      assertThat(r.result).isEqualTo("Succeeded");
    });
    assertThat(st.diagnosis.category).isEqualTo("flaky_test");
    await().atMost(WITHIN).until(() -> ns.policy().getStatus().getHealsSucceeded() == 1);
    assertThat(ns.policy().getStatus().getFailuresSeen()).isEqualTo(1);
    assertThat(ns.policy().getStatus().getHealsAttempted()).isEqualTo(1);
  }

  @Test
  void aFailedJobCaughtMidDeletionIsStillHealedAndItsDeletionIsNotPartOfTheChange() {
    Space ns = k.namespace("mid-deletion", RunScript.byAttempt(FLAKY, PASS));
    k.stopOperator();
    try {
      k.client.resource(new JobBuilder(ns.template("backend-ci-build-1", s -> s)).editMetadata()
          .addToFinalizers("example.com/audit").endMetadata().build()).create();
      await().atMost(WITHIN).until(() -> failed(ns, "backend-ci-build-1"));
      k.client.batch().v1().jobs().inNamespace(ns.ns).withName("backend-ci-build-1")
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
      assertThat(ns.job("backend-ci-build-1").orElseThrow().getMetadata().getDeletionTimestamp()).isNotNull();
    } finally {
      k.start();
    }

    IncidentStatus st = ns.awaitOutcome("backend-ci-build-1", "Healed", WITHIN);
    assertThat(st.decisions).singleElement().satisfies(d -> {
      assertThat(d.verdict).isEqualTo("Approved");
      assertThat(d.diff).doesNotContain("deletionTimestamp").doesNotContain("finalizers");
    });
    k.client.batch().v1().jobs().inNamespace(ns.ns).withName("backend-ci-build-1")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
  }

  @Test
  void aCorrectiveRunIsNeverSuspendedThoughTheFailedJobWas() {
    Space ns = k.namespace("suspended", RunScript.byAttempt(FLAKY, PASS));
    k.stopOperator();
    try {
      ns.run("backend-ci-build-1", s -> s);
      await().atMost(WITHIN).until(() -> failed(ns, "backend-ci-build-1"));
      // Suspended after it failed, as a queueing controller or a person pausing the pipeline would.
      k.client.batch().v1().jobs().inNamespace(ns.ns).withName("backend-ci-build-1")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":true}}");
    } finally {
      k.start();
    }

    ns.awaitOutcome("backend-ci-build-1", "Healed", WITHIN);
    assertThat(ns.retries("backend-ci-build-1")).singleElement()
        .satisfies(retry -> assertThat(retry.getSpec().getSuspend()).isFalse());
  }

  @Test
  void aCorrectiveRunOfACronJobsJobIsOwnedByTheCronJobNotAsItsControllerAndCollectedWithIt() {
    Space ns = k.namespace("cronjob", RunScript.byAttempt(FLAKY, PASS));
    CronJob cron = k.client.resource(new CronJobBuilder().withNewMetadata().withName("backend-ci-build")
        .withNamespace(ns.ns).endMetadata().withNewSpec().withSchedule("*/30 * * * *").withNewJobTemplate()
        .withSpec(StrictCluster.build().build()).endJobTemplate().endSpec().build()).create();
    // What the CronJob controller creates: named after the schedule, owned by the CronJob as its controller.
    k.client.resource(new JobBuilder(ns.template("backend-ci-build-28734120", s -> s)).editMetadata()
        .withLabels(Map.of()).addNewOwnerReference().withApiVersion("batch/v1").withKind("CronJob")
        .withName("backend-ci-build").withUid(cron.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(true).endOwnerReference().endMetadata().build()).create();

    ns.awaitOutcome("backend-ci-build-28734120", "Healed", WITHIN);
    Job retry = ns.retries("backend-ci-build-28734120").get(0);
    assertThat(retry.getMetadata().getOwnerReferences()).singleElement().satisfies((OwnerReference o) -> {
      assertThat(o.getKind()).isEqualTo("CronJob");
      assertThat(o.getUid()).isEqualTo(cron.getMetadata().getUid());
      assertThat(o.getController()).as("the CronJob's history limits do not count it").isNotEqualTo(Boolean.TRUE);
    });

    k.client.resource(cron).withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    await().atMost(WITHIN).until(() -> ns.jobs().isEmpty());
  }

  @Test
  void aLocalImageIdIsNeverTakenForADigestToPinTo() {
    String local = "sha256:" + "9c".repeat(32);
    RunOutcome green = RunOutcome.succeeded(SampleLogs.npmSuccess(), BUILD).withImageId("build", local);
    RunOutcome moved = RunOutcome.failed(1, SampleLogs.nodeVersionMismatch(), BUILD)
        .withImageId("build", "docker.io/library/node@sha256:" + "5b".repeat(32));
    AtomicInteger runs = new AtomicInteger();
    Space ns = k.namespace("local-image", job -> runs.getAndIncrement() == 0 ? green : moved);
    ns.run("backend-ci-build-1", StrictCluster::node);
    await().atMost(WITHIN).until(() -> ns.policy().getStatus().getKnownGood() != null);
    ns.run("backend-ci-build-2", StrictCluster::node);

    IncidentStatus st = ns.awaitOutcome("backend-ci-build-2", "NeedsHuman", WITHIN);
    assertThat(st.diagnosis.category).isEqualTo("dependency_version");
    assertThat(st.decisions).last().satisfies(d -> assertThat(d.message).contains("no known good digest"));
    assertThat(ns.retries("backend-ci-build-2")).isEmpty();
  }

  private static boolean failed(Space ns, String name) {
    return ns.job(name).map(j -> j.getStatus() != null && j.getStatus().getConditions().stream()
        .anyMatch(c -> "Failed".equals(c.getType()))).orElse(false);
  }

  /** Long enough for every event of what a test did to have been handled. */
  private static void settle() {
    await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true);
  }
}
