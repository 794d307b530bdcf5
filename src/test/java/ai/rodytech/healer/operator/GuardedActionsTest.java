package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.alert.AlertDispatcher;
import ai.rodytech.healer.alert.RetryPolicy;
import ai.rodytech.healer.api.AlertSettings;
import ai.rodytech.healer.api.Approval;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.MemorySettings;
import ai.rodytech.healer.api.Mode;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.guard.GuardReasons;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.sim.AdmissionPolicy;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 4's end-to-end scenarios: strategies, guard refusals, dry run, modes, restarts and alerts. */
class GuardedActionsTest {
  private static final Map<String, String> BACKEND = Map.of(Labels.PIPELINE, "backend-ci-build");
  private static final String ROUTING_KEY = "R0UT1NGKEYabcdef0123456789abcdef";
  private OperatorHarness h;
  private LocalReceiver receiver;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private void start(TestingBrain brain) {
    receiver = new LocalReceiver();
    AlertDispatcher alerts = new AlertDispatcher(HttpClient.newHttpClient(), new SecretRedactor(),
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)),
        Executors.newFixedThreadPool(2), new SimpleMeterRegistry());
    h = new OperatorHarness(brain, alerts);
    h.client.resource(new SecretBuilder().withNewMetadata().withName("healer-alerts").withNamespace(OperatorHarness.NS)
        .endMetadata()
        .addToStringData("webhook-url", receiver.url("/hook/T0PSECRETPATH"))
        .addToStringData("pagerduty-routing-key", ROUTING_KEY)
        .addToStringData("pagerduty-events-url", receiver.url("/v2/enqueue"))
        .build()).create();
  }

  private PipelineRecoveryPolicy policy(Consumer<PipelineRecoveryPolicy> change) {
    return h.applyPolicy("/policies/seed.yaml", p -> {
      p.getSpec().setFailureThreshold(1);
      p.getSpec().getSafetyChecks().setCooldownSeconds(0);
      AlertSettings alerts = new AlertSettings();
      alerts.setSecretName("healer-alerts");
      alerts.setChannels(List.of(AlertSettings.Channel.WEBHOOK, AlertSettings.Channel.PAGERDUTY));
      p.getSpec().setAlerts(alerts);
      change.accept(p);
    });
  }

  private IncidentStatus awaitOutcome(String incident, String outcome) {
    await().atMost(Duration.ofSeconds(15)).until(() -> Optional.ofNullable(h.incident(incident))
        .map(PipelineIncident::getStatus).map(s -> outcome.equals(s.outcome)).orElse(false));
    return h.incident(incident).getStatus();
  }

  private Job awaitRetry(String root, int attempt) {
    await().atMost(Duration.ofSeconds(15)).until(() -> h.retriesOf(root).stream()
        .anyMatch(j -> j.getMetadata().getName().endsWith("-heal-" + attempt)));
    return h.retriesOf(root).stream().filter(j -> j.getMetadata().getName().endsWith("-heal-" + attempt))
        .findFirst().orElseThrow();
  }

  private static String memoryLimit(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory")
        .toString();
  }

  @Test
  void oomRetriesWithMoreMemoryAndHeals() {
    start(new TestingBrain(Category.OOM));
    policy(p -> {});
    h.failedJob("backend-ci-build-1", BACKEND);
    Job retry = awaitRetry("backend-ci-build-1", 1);
    assertThat(memoryLimit(retry)).isEqualTo("768Mi");
    assertThat(retry.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
        .get("memory").toString()).isEqualTo("768Mi");
    h.finish(retry, true);

    IncidentStatus st = awaitOutcome("backend-ci-build-1", "Healed");
    assertThat(st.decisions).singleElement().satisfies(d -> {
      assertThat(d.verdict).isEqualTo("Approved");
      assertThat(d.diff).contains("-            memory: 512Mi").contains("+            memory: 768Mi");
    });
    assertThat(st.actions).extracting(a -> a.kind).contains("DryRun");
    assertThat(st.runs).extracting(r -> r.name + "=" + r.result)
        .containsExactly("backend-ci-build-1=Failed", retry.getMetadata().getName() + "=Succeeded");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> h.policy("backend-build-healer").getStatus().getHealsSucceeded() == 1);
  }

  @Test
  void repeatedOomClimbsToTheCeilingThenAlertsAHumanWithoutLeakingSecrets() {
    start(new TestingBrain(Category.OOM));
    policy(p -> {
      MemorySettings memory = new MemorySettings();
      memory.setCeiling("1Gi");
      p.getSpec().setMemory(memory);
      p.getSpec().getSafetyChecks().setMaxRetries(5);
    });
    h.failedJob("backend-ci-build-2", BACKEND);
    assertThat(memoryLimit(awaitRetry("backend-ci-build-2", 1))).isEqualTo("768Mi");
    h.finish(awaitRetry("backend-ci-build-2", 1), false);
    assertThat(memoryLimit(awaitRetry("backend-ci-build-2", 2))).isEqualTo("1Gi");
    h.finish(awaitRetry("backend-ci-build-2", 2), false);

    IncidentStatus st = awaitOutcome("backend-ci-build-2", "NeedsHuman");
    assertThat(st.decisions).last().satisfies(d -> assertThat(d.message).contains("ceiling"));
    assertThat(h.retriesOf("backend-ci-build-2")).hasSize(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies.size() >= 2);
    assertThat(receiver.bodies).anySatisfy(b -> assertThat(b).contains("\"event_action\":\"trigger\"")
        .contains("backend-ci-build"));
    assertThat(receiver.bodies).anySatisfy(b -> assertThat(b).contains("backend-ci-build-2").contains("oom"));
    assertThat(String.join("\n", receiver.bodies)).doesNotContain("T0PSECRETPATH");
    await().atMost(Duration.ofSeconds(10)).until(() -> h.incident("backend-ci-build-2").getStatus().alertedChannels
        .containsAll(List.of("webhook", "pagerduty")));
  }

  @Test
  void aFloatingTagThatMovedIsPinnedToTheLastGoodDigest() {
    start(new TestingBrain(Category.DEPENDENCY_VERSION));
    policy(p -> {});
    String good = "docker.io/library/maven@sha256:" + "a".repeat(64);
    String bad = "docker.io/library/maven@sha256:" + "b".repeat(64);
    Job ok = h.client.batch().v1().jobs().inNamespace(OperatorHarness.NS)
        .resource(OperatorHarness.template("backend-ci-build-10", BACKEND)).create();
    pod(ok, "Succeeded", good, 0, "Completed");
    h.finish(ok, true);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.policy("backend-build-healer").getStatus().getKnownGood()
        != null);

    Job failed = h.client.batch().v1().jobs().inNamespace(OperatorHarness.NS)
        .resource(OperatorHarness.template("backend-ci-build-11", BACKEND)).create();
    pod(failed, "Failed", bad, 1, "Error");
    h.finish(failed, false);
    Job retry = awaitRetry("backend-ci-build-11", 1);
    assertThat(retry.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .contains("maven").endsWith("@sha256:" + "a".repeat(64));
  }

  @Test
  void aPinBackedByASecretIsRefusedAlertedAndNothingIsCreated() {
    start(new TestingBrain(Category.DEPENDENCY_VERSION, Map.of("pin", "NODE_VERSION", "newValue", "18.19.0")));
    policy(p -> p.getSpec().setVersionPins(List.of("NODE_VERSION")));
    Job job = OperatorHarness.template("backend-ci-build-20", BACKEND);
    job.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of(new EnvVarBuilder()
        .withName("NODE_VERSION").withNewValueFrom().withNewSecretKeyRef("version", "build-secrets", false)
        .endValueFrom().build()));
    Job created = h.client.batch().v1().jobs().inNamespace(OperatorHarness.NS).resource(job).create();
    h.finish(created, false);

    IncidentStatus st = awaitOutcome("backend-ci-build-20", "NeedsHuman");
    assertThat(st.decisions).singleElement().satisfies(d -> assertThat(d.message).contains("NODE_VERSION"));
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-20")).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.bodies.isEmpty());
  }

  @Test
  void anImageFromAnotherRepositoryIsRefused() {
    start(new TestingBrain(Category.DEPENDENCY_VERSION,
        Map.of("container", "build", "newValue", "evil.example.com/maven:3.9")));
    policy(p -> {});
    h.failedJob("backend-ci-build-21", BACKEND);
    IncidentStatus st = awaitOutcome("backend-ci-build-21", "NeedsHuman");
    assertThat(st.decisions).singleElement().satisfies(d -> assertThat(d.message).contains("evil.example.com"));
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-21")).isEmpty();
  }

  @Test
  void aRejectedDryRunIsARefusalWithTheApiMessage() {
    start(new TestingBrain(Category.TRANSIENT_INFRA));
    h.cluster.setAdmission(AdmissionPolicy.denyDryRun(r -> r.isMainResourceOf("Job"), "exceeded quota: ci-jobs"));
    policy(p -> {});
    h.failedJob("backend-ci-build-30", BACKEND);
    IncidentStatus st = awaitOutcome("backend-ci-build-30", "NeedsHuman");
    assertThat(st.decisions).singleElement().satisfies(d -> {
      assertThat(d.reason).isEqualTo("DryRunRejected");
      assertThat(d.message).contains("exceeded quota: ci-jobs");
    });
    assertThat(h.retriesOf("backend-ci-build-30")).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.events("DryRunRejected").isEmpty());
  }

  @Test
  void aDiffOverTheLimitIsRefused() {
    start(new TestingBrain(Category.OOM));
    policy(p -> p.getSpec().getSafetyChecks().setMaxDiffLines(1));
    h.failedJob("backend-ci-build-31", BACKEND);
    IncidentStatus st = awaitOutcome("backend-ci-build-31", "NeedsHuman");
    assertThat(st.decisions).singleElement().satisfies(d -> {
      assertThat(d.reason).isEqualTo(GuardReasons.DIFF_TOO_LARGE);
      assertThat(d.diff).contains("768Mi");
    });
    assertThat(h.retriesOf("backend-ci-build-31")).isEmpty();
  }

  @Test
  void shadowModeRecordsTheDiffAndCreatesNothing() {
    start(new TestingBrain(Category.OOM));
    policy(p -> p.getSpec().setMode(Mode.SHADOW));
    h.failedJob("backend-ci-build-40", BACKEND);
    IncidentStatus st = awaitOutcome("backend-ci-build-40", "Shadowed");
    assertThat(st.decisions).singleElement().satisfies(d -> assertThat(d.diff).contains("768Mi"));
    assertThat(st.actions).extracting(a -> a.kind).contains("DryRun", "WouldCreate").doesNotContain("Create");
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-40")).isEmpty();
    assertThat(h.cluster.requests().countDryRun("POST", "/apis/batch/v1/namespaces/ci/jobs")).isEqualTo(1);
  }

  @Test
  void approvalRequiredWaitsForTheAnnotationThenActsOnceAndResolvesThePage() {
    start(new TestingBrain(Category.FLAKY_TEST));
    policy(p -> p.getSpec().setApproval(Approval.REQUIRED));
    h.failedJob("backend-ci-build-50", BACKEND);
    awaitOutcome("backend-ci-build-50", "PendingApproval");
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-50")).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies.stream().anyMatch(b -> b.contains("trigger")));

    approve("backend-ci-build-50");
    Job retry = awaitRetry("backend-ci-build-50", 1);
    approve("backend-ci-build-50");
    h.restart();
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-50")).hasSize(1);

    h.finish(retry, true);
    awaitOutcome("backend-ci-build-50", "Healed");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> receiver.bodies.stream().anyMatch(b -> b.contains("\"event_action\":\"resolve\"")));
    String trigger = receiver.bodies.stream().filter(b -> b.contains("\"trigger\"")).findFirst().orElseThrow();
    String resolve = receiver.bodies.stream().filter(b -> b.contains("\"resolve\"")).findFirst()
        .orElseThrow(() -> new AssertionError("no resolve in " + receiver.bodies));
    String key = "\"dedup_key\":\"ci/" + h.incident("backend-ci-build-50").getMetadata().getName() + "\"";
    assertThat(resolve).contains(key);
    assertThat(trigger).contains(key);
    assertThat(receiver.bodies.stream().filter(b -> b.contains("\"trigger\""))).hasSize(1);
  }

  @Test
  void aPolicyThatStartsAskingForApprovalMidLineageIsHeardWhenApproved() {
    start(new TestingBrain(Category.FLAKY_TEST));
    policy(p -> {});
    h.failedJob("backend-ci-build-70", BACKEND);
    Job first = awaitRetry("backend-ci-build-70", 1);
    assertThat(h.incident("backend-ci-build-70").getMetadata().getLabels())
        .as("created under a policy that did not ask").doesNotContainKey(Labels.AWAITING_PERSON);

    PipelineRecoveryPolicy asking = h.policy("backend-build-healer");
    asking.getSpec().setApproval(Approval.REQUIRED);
    h.client.resource(asking).update();
    h.settle();
    h.finish(first, false);
    awaitOutcome("backend-ci-build-70", "PendingApproval");
    // The incident reconciler watches only labelled incidents: the label came before the wait.
    assertThat(h.incident("backend-ci-build-70").getMetadata().getLabels())
        .containsEntry(Labels.AWAITING_PERSON, "true");

    approve("backend-ci-build-70");
    awaitRetry("backend-ci-build-70", 2);
  }

  @Test
  void anIncidentWaitingFromBeforeTheLabelIsLabelledAtStartAndHeard() {
    start(new TestingBrain(Category.FLAKY_TEST));
    policy(p -> p.getSpec().setApproval(Approval.REQUIRED));
    h.failedJob("backend-ci-build-80", BACKEND);
    awaitOutcome("backend-ci-build-80", "PendingApproval");
    h.stopOperator();
    // As an older version of the healer left it: waiting, without the label.
    // (An update, not a merge patch with null: the mock server keeps the key with a null value.)
    PipelineIncident old = h.incident("backend-ci-build-80");
    old.getMetadata().getLabels().remove(Labels.AWAITING_PERSON);
    h.client.resource(old).update();
    assertThat(h.incident("backend-ci-build-80").getMetadata().getLabels()).doesNotContainKey(Labels.AWAITING_PERSON);

    h.start();
    assertThat(h.incident("backend-ci-build-80").getMetadata().getLabels())
        .containsEntry(Labels.AWAITING_PERSON, "true");
    approve("backend-ci-build-80");
    awaitRetry("backend-ci-build-80", 1);
  }

  @Test
  void aRestartBetweenIntentAndActionActsExactlyOnce() {
    start(new TestingBrain(Category.TRANSIENT_INFRA));
    policy(p -> p.getSpec().setApproval(Approval.REQUIRED));
    h.failedJob("backend-ci-build-60", BACKEND);
    awaitOutcome("backend-ci-build-60", "PendingApproval");
    h.stopOperator();
    // As if the operator had decided and written its intent, then died before creating the run. (A write the
    // stopped operator had in flight, e.g. the alert record, may land after the read: then read again.)
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
      PipelineIncident incident = h.incident("backend-ci-build-60");
      incident.getStatus().pending.awaitingApproval = false;
      h.client.resource(incident).updateStatus();
      return true;
    });
    assertThat(h.retriesOf("backend-ci-build-60")).isEmpty();

    h.start();
    awaitRetry("backend-ci-build-60", 1);
    h.restart();
    h.settle();
    assertThat(h.retriesOf("backend-ci-build-60")).hasSize(1);
    // two real POSTs of a Job: the test's own failed run, and the one retry
    assertThat(h.cluster.requests().count(c -> c.verb().equals("POST") && !c.dryRun()
        && c.path().equals("/apis/batch/v1/namespaces/ci/jobs"))).isEqualTo(2);
  }

  /** As `kubectl annotate` (and `healer approve`) does it: a merge patch of the annotation alone. */
  private void approve(String rootRun) {
    String incident = h.incident(rootRun).getMetadata().getName();
    h.client.resources(PipelineIncident.class).inNamespace(OperatorHarness.NS).withName(incident).patch(
        PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + PipelineIncident.APPROVE_ANNOTATION + "\":\"true\"}}}");
  }

  private void pod(Job job, String phase, String imageId, int exitCode, String reason) {
    h.client.pods().inNamespace(OperatorHarness.NS).resource(new PodBuilder()
        .withNewMetadata().withName(job.getMetadata().getName() + "-pod").withNamespace(OperatorHarness.NS)
        .addToLabels("job-name", job.getMetadata().getName())
        .addToLabels("controller-uid", job.getMetadata().getUid()).endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("build")
        .withImage("maven:3.9-eclipse-temurin-17").endContainer().endSpec()
        .build()).create();
    var pod = h.client.pods().inNamespace(OperatorHarness.NS).withName(job.getMetadata().getName() + "-pod").get();
    pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase)
        .addNewContainerStatus().withName("build").withImage("maven:3.9-eclipse-temurin-17").withImageID(imageId)
        .withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason).endTerminated().endState()
        .endContainerStatus().build());
    h.client.pods().inNamespace(OperatorHarness.NS).resource(pod).updateStatus();
  }
}
