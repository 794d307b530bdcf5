package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineHistory;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import ai.rodytech.healer.sim.InProcessCluster;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import ai.rodytech.healer.sim.SimulatedKubelet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's history in the loop, end to end with the rules brain and the simulated kubelet: a test that failed
 * and then passed on the same commit is retried the next time it fails, and a strategy whose retries keep failing
 * stops being chosen, with its record.
 */
class HistoryHealingIT {
  private static final String NS = "ci";
  private static final Duration QUICK = Duration.ofMillis(150);

  private final InProcessCluster cluster = InProcessCluster.start();
  private final KubernetesClient client = cluster.newClient();
  private SimulatedKubelet kubelet;
  private HealerOperator operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (kubelet != null) {
      kubelet.close();
    }
    client.close();
    cluster.close();
  }

  private void start(RunScript script, Consumer<PipelineRecoveryPolicy> change) {
    kubelet = SimulatedKubelet.builder(cluster).script(script).speed(1).start();
    RulesBrain rules = new RulesBrain(SignatureCatalog.builtIn(), Redactor.none());
    operator = HealerOperator.start(OperatorClient.build(cluster.config()), OperatorSettings.defaults().forMockServer(),
        new HealerOperator.Services(p -> rules, null, Redactor.none(), new SimpleMeterRegistry(), Clock.systemUTC()));
    try (InputStream in = HistoryHealingIT.class.getResourceAsStream("/policies/seed.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      policy.getMetadata().setNamespace(NS);
      policy.getSpec().setFailureThreshold(1);
      policy.getSpec().getSafetyChecks().setCooldownSeconds(0);
      change.accept(policy);
      client.resource(policy).inNamespace(NS).create();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a run of the pipeline on a commit and waits until it has finished and the healer has answered it. */
  private void run(String name, String commit, boolean fails) {
    Job job = OperatorHarness.template(name, Map.of(Labels.PIPELINE, "backend-ci-build"));
    job.getMetadata().setNamespace(NS);
    job.getMetadata().setAnnotations(Map.of("rodytech.ai/revision", commit, "test/outcome", fails ? "fail" : "pass"));
    client.batch().v1().jobs().inNamespace(NS).resource(job).create();
    if (fails) {
      await().atMost(Duration.ofSeconds(30)).until(() -> settled(name));
    } else {
      await().atMost(Duration.ofSeconds(30)).until(() -> recorded(name));
    }
  }

  private boolean settled(String rootRun) {
    return incident(rootRun).map(i -> i.getStatus() != null && i.getStatus().outcome != null
        && !"Healing".equals(i.getStatus().outcome)).orElse(false);
  }

  private boolean recorded(String run) {
    operator.flushPolicyStatus();
    return client.resources(PipelineHistory.class).inNamespace(NS).list().getItems().stream()
        .anyMatch(h -> h.getStatus() != null && client.getKubernetesSerialization().asJson(h.getStatus()).contains(run));
  }

  private Optional<PipelineIncident> incident(String rootRun) {
    return client.resources(PipelineIncident.class).inNamespace(NS).list().getItems().stream()
        .filter(i -> rootRun.equals(i.getSpec().getRootRun())).findFirst();
  }

  private static RunScript byOutcomeAnnotation(RunOutcome fail, RunOutcome pass, RunOutcome retry) {
    return job -> {
      if (RunScript.attemptOf(job) > 0) {
        return retry;
      }
      Map<String, String> a = job.getMetadata().getAnnotations();
      return a != null && "fail".equals(a.get("test/outcome")) ? fail : pass;
    };
  }

  @Test
  void aTestThatFailedAndPassedOnTheSameCommitIsRetriedTheNextTimeItFails() {
    start(byOutcomeAnnotation(RunOutcome.failed(1, SampleLogs.surefireAssertion(), QUICK),
        RunOutcome.succeeded(SampleLogs.mavenSuccess(), QUICK), RunOutcome.succeeded(SampleLogs.mavenSuccess(), QUICK)),
        p -> {});

    run("backend-ci-build-1", "9f1c2e7", true);
    IncidentStatus first = incident("backend-ci-build-1").orElseThrow().getStatus();
    assertThat(first.outcome).as("an ordinary assertion, alone, goes to a person").isEqualTo("NeedsHuman");
    assertThat(first.diagnosis.category).isEqualTo("genuine_failure");

    run("backend-ci-build-2", "9f1c2e7", false);
    run("backend-ci-build-3", "9f1c2e7", true);

    IncidentStatus third = incident("backend-ci-build-3").orElseThrow().getStatus();
    assertThat(third.outcome).isEqualTo("Healed");
    assertThat(third.action).isEqualTo("retry_stage");
    assertThat(third.diagnosis.category).isEqualTo("flaky_test");
    assertThat(third.diagnosis.summary + " " + String.join(" ", third.diagnosis.notes)
        + third.diagnosis.evidence.stream().map(e -> e.text).toList())
        .contains("PaymentWebhookIT").contains("same commit");
  }

  @Test
  void aStrategyWhoseRetriesKeepFailingIsNoLongerChosenAndAPersonGetsTheRecord() {
    RunOutcome timeout = RunOutcome.failed(1, SampleLogs.npmRegistryTimeout(), QUICK);
    start(byOutcomeAnnotation(timeout, RunOutcome.succeeded(SampleLogs.npmSuccess(), QUICK), timeout),
        p -> p.getSpec().getSafetyChecks().setMaxRetries(1));

    for (int i = 1; i <= 5; i++) {
      run("backend-ci-build-" + i, "c0ffee" + i, true);
      assertThat(incident("backend-ci-build-" + i).orElseThrow().getStatus().decisions).first()
          .satisfies(d -> assertThat(d.action).isEqualTo("retry_stage"));
    }
    run("backend-ci-build-6", "c0ffee6", true);

    IncidentStatus sixth = incident("backend-ci-build-6").orElseThrow().getStatus();
    assertThat(sixth.outcome).isEqualTo("NeedsHuman");
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
        .filter(j -> j.getMetadata().getName().startsWith("backend-ci-build-6-"))).as("no retry this time").isEmpty();
    assertThat(String.join(" ", sixth.diagnosis.notes) + " " + sixth.diagnosis.summary
        + " " + sixth.decisions.get(0).message).contains("healed only 0 of the last 5");
  }
}
