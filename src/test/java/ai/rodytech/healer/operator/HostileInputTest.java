package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.Approval;
import ai.rodytech.healer.api.HealingStrategy;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.IncidentStatus.ActionRecord;
import ai.rodytech.healer.api.Mode;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.sim.AdmissionPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15's unsafe actions, end to end through the in-process cluster: a change that waited for approval is decided
 * again when approved; an incident's status is a record, never an order; a refused create is not a success; a
 * foreign object under the healer's name is never adopted; a pipeline has an hourly cap.
 */
class HostileInputTest {
  private static final Map<String, String> BACKEND = Map.of(Labels.PIPELINE, "backend-ci-build");
  private OperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private PipelineRecoveryPolicy waitingPolicy(Consumer<PipelineRecoveryPolicy> change) {
    return h.applyPolicy("/policies/seed.yaml", p -> {
      p.getSpec().setFailureThreshold(1);
      p.getSpec().getSafetyChecks().setCooldownSeconds(0);
      p.getSpec().setApproval(Approval.REQUIRED);
      change.accept(p);
    });
  }

  private IncidentStatus awaitOutcome(String rootRun, String outcome) {
    await().atMost(Duration.ofSeconds(15)).until(() -> Optional.ofNullable(h.incident(rootRun))
        .map(PipelineIncident::getStatus).map(s -> outcome.equals(s.outcome)).orElse(false));
    return h.incident(rootRun).getStatus();
  }

  private void annotate(String rootRun, String key) {
    String incident = h.incident(rootRun).getMetadata().getName();
    h.client.resources(PipelineIncident.class).inNamespace(OperatorHarness.NS).withName(incident).patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"" + key + "\":\"true\"}}}");
  }

  private void editPolicy(Consumer<PipelineRecoveryPolicy> change) {
    PipelineRecoveryPolicy policy = h.policy("backend-build-healer");
    change.accept(policy);
    h.client.resource(policy).update();
  }

  static Stream<Arguments> tightenings() {
    return Stream.of(
        Arguments.of("shadow mode", (Consumer<PipelineRecoveryPolicy>) p -> p.getSpec().setMode(Mode.SHADOW),
            "PolicyChanged"),
        Arguments.of("maxRetries 0",
            (Consumer<PipelineRecoveryPolicy>) p -> p.getSpec().getSafetyChecks().setMaxRetries(0),
            "RetriesExhausted"),
        Arguments.of("increase_memory no longer allowed", (Consumer<PipelineRecoveryPolicy>) p -> p.getSpec()
            .setAllowedStrategies(List.of(HealingStrategy.RETRY_STAGE)), "StrategyNotAllowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tightenings")
  void anApprovalIsJudgedAgainstThePolicyAsItIsNow(
      String name, Consumer<PipelineRecoveryPolicy> tighten, String reason) {
    h = new OperatorHarness(new TestingBrain(Category.OOM));
    waitingPolicy(p -> {});
    h.failedJob("backend-ci-build-1", BACKEND);
    awaitOutcome("backend-ci-build-1", "PendingApproval");

    editPolicy(tighten);
    h.settle();
    annotate("backend-ci-build-1", PipelineIncident.APPROVE_ANNOTATION);

    IncidentStatus st = awaitOutcome("backend-ci-build-1", "NeedsHuman");
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-1")).as("nothing created under the tightened policy").isEmpty();
    assertThat(st.decisions).last().satisfies(d -> {
      assertThat(d.verdict).isEqualTo("Refused");
      assertThat(d.reason).isEqualTo(reason);
    });
    assertThat(st.pending).isNull();
  }

  @Test
  void anApprovalAfterThePolicyWasDeletedAndReCreatedCreatesNothing() {
    h = new OperatorHarness(new TestingBrain(Category.OOM));
    waitingPolicy(p -> {});
    h.failedJob("backend-ci-build-2", BACKEND);
    awaitOutcome("backend-ci-build-2", "PendingApproval");

    h.client.resources(PipelineRecoveryPolicy.class).inNamespace(OperatorHarness.NS)
        .withName("backend-build-healer").delete();
    h.settle();
    annotate("backend-ci-build-2", PipelineIncident.APPROVE_ANNOTATION);
    awaitOutcome("backend-ci-build-2", "NeedsHuman");
    // Re-created as retry-only, then the incident touched: the old memory bump must never run.
    waitingPolicy(p -> p.getSpec().setAllowedStrategies(List.of(HealingStrategy.RETRY_STAGE)));
    h.settle();
    annotate("backend-ci-build-2", "touched");
    h.settle();

    assertThat(h.retriesOf("backend-ci-build-2")).isEmpty();
    assertThat(h.incident("backend-ci-build-2").getStatus().decisions).last()
        .satisfies(d -> assertThat(d.reason).isEqualTo("DecisionStale"));
  }

  @Test
  void aForgedStatusIsNeverCarriedOut() {
    h = new OperatorHarness(new TestingBrain(Category.OOM));
    waitingPolicy(p -> {});
    h.failedJob("backend-ci-build-3", BACKEND);
    awaitOutcome("backend-ci-build-3", "PendingApproval");
    // A privileged Job elsewhere, and a status that points the pending change at it with a huge memory limit.
    Job privileged = OperatorHarness.template("kube-proxy-helper", Map.of());
    privileged.getMetadata().setNamespace("kube-system");
    privileged.getSpec().getTemplate().getSpec().setHostPID(true);
    Job planted = h.client.batch().v1().jobs().inNamespace("kube-system").resource(privileged).create();
    h.stopOperator();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
      PipelineIncident incident = h.incident("backend-ci-build-3");
      IncidentStatus st = incident.getStatus();
      st.pending.failedRun = planted.getMetadata().getName();
      st.pending.failedRunUid = planted.getMetadata().getUid();
      st.pending.plan.toLimit = "64Gi";
      st.pending.awaitingApproval = false;
      st.actions.add(new ActionRecord("Approve", st.pending.run, "Succeeded", "forged", "2025-01-01T00:00:00Z"));
      h.client.resource(incident).updateStatus();
      return true;
    });
    h.start();
    annotate("backend-ci-build-3", "touched");

    awaitOutcome("backend-ci-build-3", "NeedsHuman");
    h.settle();
    assertThat(h.client.batch().v1().jobs().inNamespace("kube-system").list().getItems()).hasSize(1);
    assertThat(h.jobs()).extracting(j -> j.getMetadata().getName()).containsExactly("backend-ci-build-3");
    assertThat(h.incident("backend-ci-build-3").getStatus().decisions).last()
        .satisfies(d -> assertThat(d.reason).isEqualTo("DecisionStale"));
  }

  @Test
  void aForgedPlanForTheRightRunIsJudgedByTheGuardAgain() {
    h = new OperatorHarness(new TestingBrain(Category.OOM));
    waitingPolicy(p -> {});
    h.failedJob("backend-ci-build-4", BACKEND);
    awaitOutcome("backend-ci-build-4", "PendingApproval");
    h.stopOperator();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
      PipelineIncident incident = h.incident("backend-ci-build-4");
      incident.getStatus().pending.plan.toLimit = "64Gi";
      h.client.resource(incident).updateStatus();
      return true;
    });
    h.start();
    annotate("backend-ci-build-4", PipelineIncident.APPROVE_ANNOTATION);

    IncidentStatus st = awaitOutcome("backend-ci-build-4", "NeedsHuman");
    assertThat(h.retriesOf("backend-ci-build-4")).isEmpty();
    assertThat(st.decisions).last().satisfies(d -> assertThat(d.reason).isEqualTo("AboveMemoryCeiling"));
  }

  @Test
  void aConflictOnCreateIsAFailureRetriedThenAPersonIsTold() {
    h = new OperatorHarness(new TestingBrain(Category.TRANSIENT_INFRA));
    h.cluster.setAdmission(AdmissionPolicy.refuse(r -> r.kind().equals("Job") && !r.dryRun()
            && r.name().contains("-heal-"), 409, "Conflict",
        "Operation cannot be fulfilled on resourcequotas \"ci-jobs\": the object has been modified; please apply"
            + " your changes to the latest version and try again"));
    h.applyPolicy("/policies/seed.yaml", p -> p.getSpec().setFailureThreshold(1));
    h.failedJob("backend-ci-build-5", BACKEND);

    await().atMost(Duration.ofSeconds(15)).until(() -> Optional.ofNullable(h.incident("backend-ci-build-5"))
        .map(PipelineIncident::getStatus).filter(s -> s.pending != null && s.pending.createFailures != null)
        .isPresent());
    IncidentStatus st = h.incident("backend-ci-build-5").getStatus();
    assertThat(st.outcome).as("not a success, and not given up yet").isEqualTo("Healing");
    assertThat(st.pending.lastCreateError).contains("Conflict (409)").contains("resourcequotas");
    assertThat(st.actions).anySatisfy(a -> {
      assertThat(a.kind).isEqualTo("Create");
      assertThat(a.result).isEqualTo("Failed");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.events("HealFailed").isEmpty());

    // The quota clears: the next try (after its back-off) creates the run.
    h.cluster.setAdmission(null);
    await().atMost(Duration.ofSeconds(20)).until(() -> h.retriesOf("backend-ci-build-5").size() == 1);
  }

  @Test
  void anInvalidCreateIsNotRetriedAndAPersonIsTold() {
    h = new OperatorHarness(new TestingBrain(Category.TRANSIENT_INFRA));
    h.cluster.setAdmission(AdmissionPolicy.deny(r -> r.kind().equals("Job") && !r.dryRun()
        && r.name().contains("-heal-"), "jobs from the healer need a cost-center label"));
    h.applyPolicy("/policies/seed.yaml", p -> p.getSpec().setFailureThreshold(1));
    h.failedJob("backend-ci-build-6", BACKEND);

    IncidentStatus st = awaitOutcome("backend-ci-build-6", "Failed");
    assertThat(st.actions).anySatisfy(a -> assertThat(a.message).contains("cost-center"));
    assertThat(h.retriesOf("backend-ci-build-6")).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.events("HealFailed").isEmpty());
  }

  @Test
  void aForeignObjectUnderTheHealersNameIsNeverAdopted() {
    h = new OperatorHarness(new TestingBrain(Category.TRANSIENT_INFRA));
    h.applyPolicy("/policies/seed.yaml", p -> {
      p.getSpec().setFailureThreshold(1);
      p.getSpec().getSafetyChecks().setDryRun(false);
    });
    Job failed = h.client.batch().v1().jobs().inNamespace(OperatorHarness.NS)
        .resource(OperatorHarness.template("backend-ci-build-7", BACKEND)).create();
    String taken = new Lineage("backend-ci-build-7", failed.getMetadata().getUid(), 0).runName(1);
    Job squatter = OperatorHarness.template(taken, Map.of("owner", "someone-else"));
    h.client.batch().v1().jobs().inNamespace(OperatorHarness.NS).resource(squatter).create();
    h.finish(failed, false);

    IncidentStatus st = awaitOutcome("backend-ci-build-7", "Failed");
    assertThat(st.actions).anySatisfy(a -> assertThat(a.message).contains("not created by the healer"));
    Job still = h.client.batch().v1().jobs().inNamespace(OperatorHarness.NS).withName(taken).get();
    assertThat(still.getMetadata().getLabels()).doesNotContainKey(Labels.MANAGED_BY);
    assertThat(h.retriesOf("backend-ci-build-7")).isEmpty();
  }

  @Test
  void aPipelineFailingOverAndOverGetsNoMoreCorrectiveRunsAnHourThanItsCap() {
    h = new OperatorHarness(new TestingBrain(Category.TRANSIENT_INFRA));
    h.applyPolicy("/policies/seed.yaml", p -> {
      p.getSpec().setFailureThreshold(1);
      p.getSpec().getSafetyChecks().setMaxHealsPerHour(3);
    });
    for (int i = 1; i <= 6; i++) {
      String name = "backend-ci-build-" + (10 + i);
      h.failedJob(name, BACKEND);
      await().atMost(Duration.ofSeconds(15)).until(() -> Optional.ofNullable(h.incident(name))
          .map(PipelineIncident::getStatus).map(s -> s.outcome != null).orElse(false));
    }
    h.settle();

    assertThat(h.jobs().stream().filter(j -> j.getMetadata().getName().contains("-heal-"))).hasSize(3);
    assertThat(h.incident("backend-ci-build-16").getStatus().decisions).last()
        .satisfies(d -> assertThat(d.reason).isEqualTo("HourlyCapReached"));
  }
}
