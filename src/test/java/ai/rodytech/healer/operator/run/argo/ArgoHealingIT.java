package ai.rodytech.healer.operator.run.argo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.observe.LogLimits;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.run.EngineHarness;
import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.SampleLogs;
import ai.rodytech.healer.sim.engine.StepScript;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workflows healed end to end: the real operator, the in-process API server and the simulated Argo controller
 * running the WorkflowTemplate of sim/argo/backend-ci-build.yaml (checkout, then build: a Maven script, 512Mi).
 */
class ArgoHealingIT {
  private static final String V1 = Workflow.API_VERSION;
  private static final Duration STEP = Duration.ofSeconds(10);
  private static final String BUILD = "/spec/templates/2/script";
  private final ArgoKind kind = new ArgoKind(null, null, null);
  private EngineHarness h;
  private List<ObjectNode> fixture;

  @BeforeEach
  void start() {
    h = new EngineHarness();
    fixture = EngineHarness.documents("sim/argo/backend-ci-build.yaml");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private List<RunState> run(Consumer<ObjectNode> editTemplate, String... names) {
    ObjectNode template = fixture.get(0).deepCopy();
    editTemplate.accept(template);
    h.create(template);
    return Arrays.stream(names).map(name -> {
      ObjectNode workflow = fixture.get(1).deepCopy();
      workflow.withObjectProperty("metadata").put("name", name);
      h.create(workflow);
      return h.awaitFinished(kind, name);
    }).toList();
  }

  private List<GenericKubernetesResource> heals(String root) {
    return h.correctiveRuns(V1, Workflow.KIND, root);
  }

  private void awaitOutcome(String root, String outcome) {
    await().atMost(Duration.ofSeconds(30)).until(() -> outcome.equals(h.outcome(root)));
  }

  @Test
  void anOomKilledTemplateGetsMoreMemoryOnceEvenAcrossARestart() throws InterruptedException {
    h.steps(StepScript.onStep("build", "main", StepScript.byMemoryLimit("768Mi",
        RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), STEP), RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)),
        StepScript.succeeding()));
    h.applySeedPolicy(p -> {});

    assertThat(run(t -> {}, "backend-ci-build-1", "backend-ci-build-2"))
        .allMatch(s -> s instanceof RunState.Failed f && "Failed".equals(f.reason()));
    awaitOutcome("backend-ci-build-2", "Healed");

    List<GenericKubernetesResource> heals = heals("backend-ci-build-2");
    assertThat(heals).hasSize(1);
    JsonNode heal = RunTrees.tree(heals.get(0));
    assertThat(heal.at("/spec/workflowTemplateRef").isMissingNode()).isTrue();
    assertThat(heal.at(BUILD + "/resources/limits/memory").asText()).isEqualTo("768Mi");
    assertThat(heal.at("/spec/templates/1")).isEqualTo(fixture.get(0).at("/spec/templates/1"));
    assertThat(kind.state(ArgoKind.asWorkflow(heal))).isInstanceOf(RunState.Succeeded.class);
    IncidentStatus status = h.incident("backend-ci-build-2").getStatus();
    assertThat(status.action).isEqualTo("increase_memory");
    assertThat(status.snapshot.container).isEqualTo("build");
    assertThat(status.snapshot.exitCode).isEqualTo(137);
    assertThat(status.snapshot.reason).isEqualTo("OOMKilled");
    assertThat(status.snapshot.logExcerpt).contains("OutOfMemoryError");

    h.restart();
    Thread.sleep(1500);
    assertThat(heals("backend-ci-build-2")).hasSize(1);
    assertThat(h.outcome("backend-ci-build-2")).isEqualTo("Healed");
  }

  @Test
  void aBuildThatRanOutOfItsOwnHeapGetsAHigherHeapCapWithTheLimit() {
    h.steps(StepScript.onStep("build", "main",
        StepScript.heapCap("500Mi", RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)), StepScript.succeeding()));
    h.applySeedPolicy(p -> {});

    run(t -> {}, "backend-ci-build-1", "backend-ci-build-2");
    awaitOutcome("backend-ci-build-2", "Healed");

    JsonNode heal = RunTrees.tree(heals("backend-ci-build-2").get(0));
    assertThat(heal.at(BUILD + "/env/0/value").asText()).isEqualTo("-Xmx512m");
    assertThat(heal.at(BUILD + "/resources/limits/memory").asText()).isEqualTo("768Mi");
  }

  @Test
  void theSnapshotHasEveryTemplateAsItRanAndTheWorkflowsParameters() {
    h.steps(StepScript.onStep("build", "main", StepScript.always(
        RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), STEP)), StepScript.succeeding()));
    run(t -> {}, "backend-ci-build-1");
    Workflow failed = h.client.resources(Workflow.class).inNamespace(EngineHarness.NS)
        .withName("backend-ci-build-1").get();
    ArgoKind observing = new ArgoKind(new PodReader(h.client,
        Redactor.none(), LogLimits.DEFAULT),
        Redactor.none(), Clock.systemUTC());

    FailureSnapshot snapshot = observing.observe(failed, "backend-ci-build", Lineage.of(failed));

    assertThat(snapshot.failedContainer()).isEqualTo("build");
    assertThat(snapshot.exitCode()).isEqualTo(137);
    assertThat(snapshot.reason()).isEqualTo("OOMKilled");
    assertThat(snapshot.message()).contains("main: OOMKilled (exit code 137)");
    assertThat(snapshot.log().text()).contains("java.lang.OutOfMemoryError");
    assertThat(snapshot.containers()).extracting(c -> c.name())
        .containsExactly("checkout", "build", WorkflowLayout.ARGUMENTS);
    assertThat(snapshot.container("build")).hasValueSatisfying(c -> {
      assertThat(c.memoryLimit()).isEqualTo("512Mi");
      assertThat(c.env()).containsEntry("MAVEN_OPTS", "-Xmx256m");
    });
    assertThat(snapshot.container(WorkflowLayout.ARGUMENTS)).hasValueSatisfying(c -> assertThat(c.env())
        .containsEntry("revision", "release-2.3").containsEntry("maven-opts", "-Xmx256m"));
    assertThat(snapshot.missing()).isEmpty();
  }

  @Test
  void aFailedPodArgosPodGcDeletesIsObservedFromWhatThePodWatchReadBeforeItWent() {
    h.steps(StepScript.onStep("build", "main", StepScript.always(
        RunOutcome.failed(1, SampleLogs.npmRegistryTimeout(), STEP)), StepScript.succeeding()));
    run(t -> {}, "backend-ci-build-1");
    Workflow failed = h.client.resources(Workflow.class).inNamespace(EngineHarness.NS)
        .withName("backend-ci-build-1").get();
    Pod pod = h.client.pods().inNamespace(EngineHarness.NS).withLabel(WorkflowObserver.WORKFLOW_LABEL)
        .list().getItems().stream().filter(p -> "Failed".equals(p.getStatus().getPhase())).findFirst().orElseThrow();
    ArgoKind observing = new ArgoKind(new PodReader(h.client, Redactor.none(), LogLimits.DEFAULT), Redactor.none(),
        Clock.systemUTC());
    String uid = ArgoKind.PODS.run().apply(pod);
    assertThat(uid).as("a pod is told apart by its workflow's UID").isEqualTo(failed.getMetadata().getUid());

    // What the pod watch does when the main container fails, then when Argo's pod GC deletes the pod.
    observing.evidence().start();
    try {
      observing.evidence().changed(uid, null, ArgoKind.PODS.slim().apply(pod));
      await().atMost(Duration.ofSeconds(10)).until(() -> !observing.evidence().reading(uid));
      assertThat(observing.evidence().of(uid)).singleElement().satisfies(c ->
          assertThat(c.log(WorkflowObserver.MAIN, false)).isPresent());
      h.client.resource(pod).withGracePeriod(0).delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> h.client.pods().inNamespace(EngineHarness.NS)
          .withName(pod.getMetadata().getName()).get() == null);
      observing.evidence().deleted(uid, ArgoKind.PODS.slim().apply(pod));

      FailureSnapshot snapshot = observing.observe(failed, "backend-ci-build", Lineage.of(failed));

      assertThat(snapshot.failedContainer()).isEqualTo("build");
      assertThat(snapshot.exitCode()).isEqualTo(1);
      assertThat(snapshot.log().text()).contains("ETIMEDOUT");
      assertThat(snapshot.log().source()).endsWith("read as the pod ended");
      assertThat(snapshot.container("build")).hasValueSatisfying(c ->
          assertThat(c.memoryLimit()).as("the slim copy keeps the container as it ran").isEqualTo("512Mi"));
      assertThat(snapshot.missing()).noneMatch(m -> m.contains("is gone"));
    } finally {
      observing.evidence().stop();
    }
  }

  @Test
  void aWorkflowWhosePodsArgosPodGcDeletesIsHealedFromItsLog() {
    h.steps(StepScript.onStep("build", "main", StepScript.byAttempt(
        RunOutcome.failed(1, SampleLogs.npmRegistryTimeout(), STEP), RunOutcome.succeeded(SampleLogs.npmSuccess(), STEP)),
        StepScript.succeeding()));
    h.applySeedPolicy(p -> p.getSpec().setFailureThreshold(1));

    // Each pod deleted 15 s after it ended (300 ms at the harness's speed: time for a loaded machine's watch event).
    run(t -> t.withObject("/spec").putObject("podGC").put("strategy", "OnPodCompletion")
        .put("deleteDelayDuration", "15s"), "backend-ci-build-1");
    awaitOutcome("backend-ci-build-1", "Healed");

    IncidentStatus status = h.incident("backend-ci-build-1").getStatus();
    assertThat(status.action).isEqualTo("retry_stage");
    assertThat(status.snapshot.logExcerpt).contains("ETIMEDOUT");
    await().atMost(Duration.ofSeconds(10)).until(() -> h.client.pods().inNamespace(EngineHarness.NS)
        .withLabel(WorkflowObserver.WORKFLOW_LABEL, "backend-ci-build-1").list().getItems().isEmpty());
  }

  @Test
  void aRegistryTimeoutIsResubmittedAsItWas() {
    h.steps(StepScript.onStep("build", "main", StepScript.byAttempt(
        RunOutcome.failed(1, SampleLogs.npmRegistryTimeout(), STEP), RunOutcome.succeeded(SampleLogs.npmSuccess(), STEP)),
        StepScript.succeeding()));
    h.applySeedPolicy(p -> {});

    run(t -> {}, "backend-ci-build-1", "backend-ci-build-2");
    awaitOutcome("backend-ci-build-2", "Healed");

    JsonNode heal = RunTrees.tree(heals("backend-ci-build-2").get(0));
    assertThat(h.incident("backend-ci-build-2").getStatus().action).isEqualTo("retry_stage");
    assertThat(heal.at("/spec/workflowTemplateRef/name").asText()).isEqualTo("backend-ci-build");
    assertThat(heal.at("/spec/arguments")).isEqualTo(fixture.get(1).at("/spec/arguments"));
    assertThat(RunTrees.tree(h.get(V1, Workflow.KIND, "backend-ci-build-2")).at("/status/phase").asText())
        .as("the failed workflow is left as it was").isEqualTo("Failed");
  }

  @Test
  void aNodeArgoRetriesIsNotActedOnWhileItRetries() throws InterruptedException {
    h.steps(StepScript.onStep("build", "main", StepScript.byRetry(
        RunOutcome.failed(1, SampleLogs.flakyTest(), STEP), RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)),
        StepScript.succeeding()));
    h.applySeedPolicy(p -> p.getSpec().setFailureThreshold(1));

    List<RunState> states = run(t -> ((ObjectNode) t.at("/spec/templates/2")).putObject("retryStrategy")
        .put("limit", 1), "backend-ci-build-1");

    assertThat(states).singleElement().isInstanceOf(RunState.Succeeded.class);
    assertThat(RunTrees.elements(RunTrees.tree(h.get(V1, Workflow.KIND, "backend-ci-build-1")).at("/status/nodes"))
        .filter(n -> "Retry".equals(n.path("type").asText()))).hasSize(1);
    Thread.sleep(1000);
    assertThat(h.incident("backend-ci-build-1")).isNull();
    assertThat(heals("backend-ci-build-1")).isEmpty();
  }

  @Test
  void aWorkflowOfAMissingTemplateGoesToAPersonWithoutARun() {
    h.applySeedPolicy(p -> p.getSpec().setFailureThreshold(1));

    List<RunState> states = run(t -> t.withObjectProperty("metadata").put("name", "another-template"),
        "backend-ci-build-1");

    assertThat(states).singleElement().isInstanceOfSatisfying(RunState.Failed.class,
        f -> assertThat(f.reason()).isEqualTo("Error"));
    awaitOutcome("backend-ci-build-1", "NeedsHuman");
    assertThat(h.incident("backend-ci-build-1").getSpec().getRunKind()).isEqualTo("Workflow");
    assertThat(h.incident("backend-ci-build-1").getStatus().decisions).last().satisfies(d ->
        assertThat(d.message).contains("Argo could not run the Workflow"));
    assertThat(heals("backend-ci-build-1")).isEmpty();
  }
}
