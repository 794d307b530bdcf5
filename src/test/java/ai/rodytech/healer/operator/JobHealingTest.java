package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.diagnosis.Category;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 2's end-to-end scenarios, on the in-process API server with the real operator. */
class JobHealingTest {
  private static final Map<String, String> BACKEND = Map.of(Labels.PIPELINE, "backend-ci-build");
  private OperatorHarness h;

  @BeforeEach
  void start() {
    h = new OperatorHarness(new TestingBrain(Category.TRANSIENT_INFRA));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void seedPolicyActsOnTheSecondFailureWithExactlyOneRetryEvenAfterARestart() {
    h.applySeedPolicy();
    h.failedJob("backend-ci-build-1", BACKEND);
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.events("BelowThreshold").isEmpty());
    assertThat(h.retriesOf("backend-ci-build-1")).isEmpty();

    Job failed = h.failedJob("backend-ci-build-2", BACKEND);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.retriesOf("backend-ci-build-2").size() == 1);
    Job retry = h.retriesOf("backend-ci-build-2").get(0);
    assertThat(retry.getMetadata().getName()).as("named after the failed run's UID")
        .isEqualTo("backend-ci-build-2-" + Lineage.shortHash(failed.getMetadata().getUid()) + "-heal-1");
    assertThat(retry.getMetadata().getAnnotations()).containsEntry(Labels.ATTEMPT, "1");
    assertThat(retry.getMetadata().getLabels()).containsEntry(Labels.PIPELINE, "backend-ci-build")
        .doesNotContainKeys("controller-uid", "job-name", "batch.kubernetes.io/controller-uid");
    // the selector is the API server's own for the new Job, never the failed Job's copied over
    assertThat(retry.getSpec().getSelector().getMatchLabels().values()).containsOnly(retry.getMetadata().getUid());
    // the seed asks for a dry run first: one dry-run POST and one real POST of the retry
    assertThat(h.cluster.requests().countDryRun("POST", "/apis/batch/v1/namespaces/ci/jobs")).isEqualTo(1);

    await().atMost(Duration.ofSeconds(10)).until(() -> h.policy("backend-build-healer").getStatus()
        .getHealsAttempted() == 1);
    h.restart();
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-2")).hasSize(1);
    assertThat(h.retriesOf("backend-ci-build-1")).isEmpty();
    h.settle();
    PipelineRecoveryPolicy policy = h.policy("backend-build-healer");
    assertThat(policy.getStatus().getFailuresSeen()).as("counted once, also after the restart").isEqualTo(2);
    assertThat(policy.getStatus().getHealsAttempted()).isEqualTo(1);
    assertThat(policy.getStatus().getConsecutiveFailures()).isEqualTo(2);
    assertThat(policy.getStatus().getLastOutcome()).isEqualTo("Healing");
  }

  /**
   * A run can fail just after its policy was created and be reconciled before the policy's informer has the
   * policy: "not covered" then. A run that finished moments ago is looked at again, so the heal is not lost.
   */
  @Test
  void aRunThatFailsBeforeTheOperatorSeesItsNewPolicyIsLookedAtAgain() throws InterruptedException {
    h.failedJob("backend-ci-build-9", BACKEND);
    Thread.sleep(500); // reconciled meanwhile: no policy covers it yet
    assertThat(h.retriesOf("backend-ci-build-9")).isEmpty();
    h.applyPolicy("/policies/seed.yaml", p -> p.getSpec().setFailureThreshold(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> h.retriesOf("backend-ci-build-9").size() == 1);
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-9")).hasSize(1);
  }

  @Test
  void replayedWatchEventsNeitherCountTwiceNorActTwice() {
    h.applyPolicy("/policies/seed.yaml", p -> p.getSpec().setFailureThreshold(1));
    Job failed = h.failedJob("backend-ci-build-8", BACKEND);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.retriesOf("backend-ci-build-8").size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.policy("backend-build-healer").getStatus()
        .getFailuresSeen() == 1);

    // The same finished Job delivered again and again (a relist, a resync, someone labelling it), then a restart.
    for (int i = 0; i < 5; i++) {
      Job fresh = h.client.batch().v1().jobs().inNamespace(OperatorHarness.NS).withName("backend-ci-build-8").get();
      fresh.getMetadata().getLabels().put("touched", Integer.toString(i));
      h.client.batch().v1().jobs().inNamespace(OperatorHarness.NS).resource(fresh).update();
    }
    h.settle();
    h.restart();
    h.settle();
    h.settle();

    assertThat(h.retriesOf("backend-ci-build-8")).hasSize(1);
    PipelineIncident incident = h.incident("backend-ci-build-8");
    assertThat(incident.getStatus().decisions).hasSize(1);
    assertThat(incident.getMetadata().getName()).endsWith(Lineage.shortHash(failed.getMetadata().getUid()));
    assertThat(h.policy("backend-build-healer").getStatus().getFailuresSeen()).isEqualTo(1);
    assertThat(h.policy("backend-build-healer").getStatus().getHealsAttempted()).isEqualTo(1);
  }

  @Test
  void aSuccessfulRetryHealsTheIncidentAndResetsTheCount() {
    h.applyPolicy("/policies/seed.yaml", p -> p.getSpec().setFailureThreshold(1));
    h.failedJob("backend-ci-build-7", BACKEND);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.retriesOf("backend-ci-build-7").size() == 1);
    h.finish(h.retriesOf("backend-ci-build-7").get(0), true);

    await().atMost(Duration.ofSeconds(10))
        .until(() -> "Healed".equals(Optional.ofNullable(h.incident("backend-ci-build-7").getStatus())
            .map(s -> s.outcome).orElse(null)));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.policy("backend-build-healer").getStatus()
        .getHealsSucceeded() == 1);
    PipelineRecoveryPolicy policy = h.policy("backend-build-healer");
    assertThat(policy.getStatus().getConsecutiveFailures()).isZero();
    assertThat(policy.getStatus().getLastOutcome()).isEqualTo("Healed");
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.events("Healed").isEmpty());
  }

  @Test
  void exhaustedRetriesStopWithAWarningEvent() {
    h.applyPolicy("/policies/seed.yaml", p -> {
      p.getSpec().setFailureThreshold(1);
      p.getSpec().getSafetyChecks().setMaxRetries(2);
      p.getSpec().getSafetyChecks().setCooldownSeconds(0);
    });
    h.failedJob("backend-ci-build-3", BACKEND);
    for (int attempt = 1; attempt <= 2; attempt++) {
      int expected = attempt;
      await().atMost(Duration.ofSeconds(10)).until(() -> h.retriesOf("backend-ci-build-3").size() == expected);
      Job retry = h.retriesOf("backend-ci-build-3").stream()
          .filter(j -> j.getMetadata().getName().endsWith("-heal-" + expected)).findFirst().orElseThrow();
      h.finish(retry, false);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.events("RetriesExhausted").isEmpty());
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-3")).hasSize(2);
    assertThat(h.events("RetriesExhausted").get(0).getType()).isEqualTo("Warning");
    PipelineIncident incident = h.incident("backend-ci-build-3");
    assertThat(incident.getStatus().outcome).isEqualTo("NeedsHuman");
    assertThat(incident.getStatus().decisions).last()
        .satisfies(d -> assertThat(d.reason).isEqualTo("RetriesExhausted"));
  }

  @Test
  void aJobOfAnotherPipelineIsLeftAlone() {
    h.applyPolicy("/policies/seed.yaml", p -> p.getSpec().setFailureThreshold(1));
    h.failedJob("frontend-ci-1", Map.of());
    h.failedJob("nightly-docs-1", Map.of(Labels.PIPELINE, "docs"));
    h.settle();
    assertThat(h.jobs()).hasSize(2);
    assertThat(h.policy("backend-build-healer").getStatus().getFailuresSeen()).isZero();
  }

  @Test
  void anInvalidPolicyGetsAnInvalidConditionNamingTheFieldAndIsIgnored() {
    h.applyPolicy("/policies/seed.yaml", p -> p.getSpec().setFailureThreshold(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> condition(h.policy("backend-build-healer"), "Invalid")
        .map(c -> "True".equals(c.getStatus())).orElse(false));
    Condition invalid = condition(h.policy("backend-build-healer"), "Invalid").orElseThrow();
    assertThat(invalid.getMessage()).contains("spec.failureThreshold");
    assertThat(condition(h.policy("backend-build-healer"), "Ready").orElseThrow().getStatus()).isEqualTo("False");

    h.failedJob("backend-ci-build-9", BACKEND);
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.events("PolicyInvalid").isEmpty());
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-9")).isEmpty();
  }

  @Test
  void twoPoliciesForOnePipelineBothReportTheConflictAndNeitherActs() {
    h.applyPolicy("/policies/seed.yaml", p -> p.getSpec().setFailureThreshold(1));
    h.applyPolicy("/policies/seed.yaml", p -> {
      p.getMetadata().setName("second-healer");
      p.getSpec().setFailureThreshold(1);
    });
    for (String name : List.of("backend-build-healer", "second-healer")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> condition(h.policy(name), "Conflict")
          .map(c -> "True".equals(c.getStatus())).orElse(false));
    }
    assertThat(condition(h.policy("backend-build-healer"), "Conflict").orElseThrow().getMessage())
        .contains("second-healer").contains("backend-ci-build");
    assertThat(condition(h.policy("second-healer"), "Conflict").orElseThrow().getMessage())
        .contains("backend-build-healer");

    h.failedJob("backend-ci-build-4", BACKEND);
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.events("PolicyConflict").isEmpty());
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-4")).isEmpty();
  }

  @Test
  void aJobWithoutPodsStillGetsADecisionThatSaysWhatWasMissing() {
    h.applyPolicy("/policies/seed.yaml", p -> p.getSpec().setFailureThreshold(1));
    h.failedJob("backend-ci-build-5", BACKEND);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.incident("backend-ci-build-5") != null
        && h.incident("backend-ci-build-5").getStatus() != null
        && h.incident("backend-ci-build-5").getStatus().snapshot != null);
    assertThat(h.incident("backend-ci-build-5").getStatus().snapshot.missing)
        .anySatisfy(m -> assertThat(m).contains("no pods"));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.retriesOf("backend-ci-build-5").size() == 1);
  }

  static Optional<Condition> condition(PipelineRecoveryPolicy policy, String type) {
    if (policy == null || policy.getStatus() == null) {
      return Optional.empty();
    }
    return policy.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
