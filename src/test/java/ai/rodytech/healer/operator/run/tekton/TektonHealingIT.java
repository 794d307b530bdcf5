package ai.rodytech.healer.operator.run.tekton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.observe.LogLimits;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.observe.RunPodWatch;
import ai.rodytech.healer.operator.run.EngineHarness;
import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.SampleLogs;
import ai.rodytech.healer.sim.engine.StepScript;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PipelineRuns healed end to end: the real operator, the in-process API server and the simulated Tekton
 * controller running the Pipeline of sim/tekton/backend-ci-build.yaml (fetch, then build: compile, test, package).
 */
class TektonHealingIT {
  private static final String V1 = PipelineRun.API_VERSION;
  private static final Duration STEP = Duration.ofSeconds(10);
  private static final String BUILD_STEPS = "/spec/pipelineSpec/tasks/1/taskSpec/steps";
  private final TektonKind kind = new TektonKind(null, null, null, null);
  private EngineHarness h;
  private List<ObjectNode> fixture;

  @BeforeEach
  void start() {
    h = new EngineHarness();
    fixture = EngineHarness.documents("sim/tekton/backend-ci-build.yaml");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** The Task and the Pipeline (edited), then the named runs of it one after the other; returns their states. */
  private List<RunState> run(Consumer<ObjectNode> editPipeline, String... names) {
    h.create(fixture.get(0));
    ObjectNode pipeline = fixture.get(1).deepCopy();
    editPipeline.accept(pipeline);
    h.create(pipeline);
    return java.util.Arrays.stream(names).map(name -> {
      ObjectNode run = fixture.get(2).deepCopy();
      run.withObjectProperty("metadata").put("name", name);
      h.create(run);
      return h.awaitFinished(kind, name);
    }).toList();
  }

  private List<GenericKubernetesResource> heals(String root) {
    return h.correctiveRuns(V1, PipelineRun.KIND, root);
  }

  private void awaitOutcome(String root, String outcome) {
    await().atMost(Duration.ofSeconds(30)).until(() -> outcome.equals(h.outcome(root)));
  }

  @Test
  void anOomKilledStepGetsMoreMemoryOnThatStepOnlyOnceEvenAcrossARestart() throws InterruptedException {
    h.steps(StepScript.onStep("build", "test", StepScript.byMemoryLimit("768Mi",
        RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), STEP), RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)),
        StepScript.succeeding()));
    h.applySeedPolicy(p -> {});

    assertThat(run(p -> {}, "backend-ci-build-run-1", "backend-ci-build-run-2"))
        .allMatch(s -> s instanceof RunState.Failed f && "Failed".equals(f.reason()));
    awaitOutcome("backend-ci-build-run-2", "Healed");

    assertThat(heals("backend-ci-build-run-1")).isEmpty();
    List<GenericKubernetesResource> heals = heals("backend-ci-build-run-2");
    assertThat(heals).hasSize(1);
    JsonNode heal = RunTrees.tree(heals.get(0));
    assertThat(heal.at("/spec/pipelineRef").isMissingNode()).isTrue();
    assertThat(heal.at(BUILD_STEPS + "/1/name").asText()).isEqualTo("test");
    assertThat(heal.at(BUILD_STEPS + "/1/computeResources/limits/memory").asText()).isEqualTo("768Mi");
    assertThat(heal.at(BUILD_STEPS + "/0/computeResources/limits/memory").asText()).isEqualTo("1Gi");
    assertThat(heal.at(BUILD_STEPS + "/2/computeResources").isMissingNode()).isTrue();
    assertThat(heal.at("/spec/params")).isEqualTo(fixture.get(2).at("/spec/params"));
    assertThat(heal.at("/metadata/labels/" + Labels.PIPELINE.replace("/", "~1")).asText())
        .isEqualTo("backend-ci-build");
    assertThat(kind.state(TektonKind.asPipelineRun(heal))).isInstanceOf(RunState.Succeeded.class);

    IncidentStatus status = h.incident("backend-ci-build-run-2").getStatus();
    assertThat(status.action).isEqualTo("increase_memory");
    assertThat(status.snapshot.container).isEqualTo("build/test");
    assertThat(status.snapshot.exitCode).isEqualTo(137);
    assertThat(status.snapshot.reason).isEqualTo("OOMKilled");
    assertThat(status.snapshot.logExcerpt).contains("OutOfMemoryError");

    h.restart();
    Thread.sleep(1500);
    assertThat(heals("backend-ci-build-run-2")).hasSize(1);
    assertThat(h.outcome("backend-ci-build-run-2")).isEqualTo("Healed");
  }

  @Test
  void aBuildThatRanOutOfItsOwnHeapGetsAHigherHeapCapWithTheLimit() {
    h.steps(StepScript.onStep("build", "test",
        StepScript.heapCap("500Mi", RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)), StepScript.succeeding()));
    h.applySeedPolicy(p -> {});

    run(p -> {}, "backend-ci-build-run-1", "backend-ci-build-run-2");
    awaitOutcome("backend-ci-build-run-2", "Healed");

    JsonNode heal = RunTrees.tree(heals("backend-ci-build-run-2").get(0));
    assertThat(heal.at(BUILD_STEPS + "/1/env/0/name").asText()).isEqualTo("MAVEN_OPTS");
    assertThat(heal.at(BUILD_STEPS + "/1/env/0/value").asText()).isEqualTo("-Xmx512m");
    assertThat(heal.at(BUILD_STEPS + "/1/computeResources/limits/memory").asText()).isEqualTo("768Mi");
    assertThat(heal.at("/spec/pipelineSpec/tasks/1/taskSpec/stepTemplate/env/0/value").asText())
        .isEqualTo("$(params.maven-opts)");
  }

  @Test
  void theSnapshotHasEveryStepAsItRanAndTheRunsParameters() {
    h.steps(StepScript.onStep("build", "test", StepScript.always(
        RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), STEP)), StepScript.succeeding()));
    run(p -> {}, "backend-ci-build-run-1");
    PipelineRun failed = h.client.resources(PipelineRun.class).inNamespace(EngineHarness.NS)
        .withName("backend-ci-build-run-1").get();
    TektonKind observing = new TektonKind(h.client, new PodReader(h.client,
        Redactor.none(), LogLimits.DEFAULT),
        Redactor.none(), Clock.systemUTC());

    FailureSnapshot snapshot = observing.observe(failed, "backend-ci-build", Lineage.of(failed));

    assertThat(snapshot.failedContainer()).isEqualTo("build/test");
    assertThat(snapshot.exitCode()).isEqualTo(137);
    assertThat(snapshot.reason()).isEqualTo("OOMKilled");
    assertThat(snapshot.message()).contains("\"step-test\" exited with code 137");
    assertThat(snapshot.log().text()).contains("java.lang.OutOfMemoryError");
    assertThat(snapshot.log().source()).contains("step-test");
    assertThat(snapshot.containers()).extracting(c -> c.name()).containsExactly(
        "fetch/clone", "build/compile", "build/test", "build/package", TektonLayout.PARAMS);
    assertThat(snapshot.container("build/test")).hasValueSatisfying(c -> {
      assertThat(c.image()).isEqualTo("maven:3.9-eclipse-temurin-17");
      assertThat(c.memoryLimit()).isEqualTo("512Mi");
      assertThat(c.env()).containsEntry("MAVEN_OPTS", "-Xmx256m");
      assertThat(c.reason()).isEqualTo("OOMKilled");
    });
    assertThat(snapshot.container("build/package")).hasValueSatisfying(c -> {
      assertThat(c.exitCode()).isNull();
      assertThat(c.reason()).isEqualTo("Skipped");
    });
    assertThat(snapshot.container(TektonLayout.PARAMS)).hasValueSatisfying(c -> assertThat(c.env())
        .containsEntry("revision", "release-2.3").containsEntry("maven-opts", "-Xmx256m"));
    assertThat(snapshot.missing()).isEmpty();
  }

  @Test
  void theSnapshotFromTheWatchesCachesIsTheListedOneWithoutAListCall() {
    h.steps(StepScript.onStep("build", "test", StepScript.always(
        RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), STEP)), StepScript.succeeding()));
    run(p -> {}, "backend-ci-build-run-1");
    PipelineRun failed = h.client.resources(PipelineRun.class).inNamespace(EngineHarness.NS)
        .withName("backend-ci-build-run-1").get();
    TektonKind observing = new TektonKind(h.client, new PodReader(h.client, Redactor.none(), LogLimits.DEFAULT),
        Redactor.none(), Clock.systemUTC());
    FailureSnapshot listed = observing.observe(failed, "backend-ci-build", Lineage.of(failed));

    RunPodWatch<PipelineRun> pods = new RunPodWatch<>("pods", h.client, Set.of(EngineHarness.NS), null,
        observing.evidence(), TektonKind.PODS, ns -> true);
    TaskRunWatch taskRuns = new TaskRunWatch(h.client, Set.of(EngineHarness.NS), null, observing.taskRuns());
    pods.start();
    taskRuns.start();
    try {
      String buildRun = RunTrees.tree(h.get(V1, "TaskRun", "backend-ci-build-run-1-build")).at("/metadata/uid")
          .asText();
      await().atMost(Duration.ofSeconds(10)).until(() -> observing.evidence().livePods(buildRun)
          .filter(cached -> !cached.isEmpty()).isPresent() && lists() == lists(observing, failed));
      long before = lists();

      FailureSnapshot cached = observing.observe(failed, "backend-ci-build", Lineage.of(failed));

      assertThat(lists()).as("neither TaskRuns nor pods listed").isEqualTo(before);
      assertThat(cached.failedContainer()).isEqualTo(listed.failedContainer());
      assertThat(cached.exitCode()).isEqualTo(listed.exitCode());
      assertThat(cached.reason()).isEqualTo(listed.reason());
      assertThat(cached.message()).isEqualTo(listed.message());
      assertThat(cached.containers()).isEqualTo(listed.containers());
      assertThat(cached.log()).isEqualTo(listed.log());
      assertThat(cached.missing()).isEqualTo(listed.missing()).isEmpty();
    } finally {
      taskRuns.stop();
      pods.stop();
    }
  }

  /** The TaskRun and pod list calls so far (watches left out). */
  private long lists() {
    return h.cluster.requests().count(c -> "GET".equals(c.verb()) && !c.watch()
        && (c.path().endsWith("/taskruns") || c.path().endsWith("/pods")));
  }

  /** The list calls after reading the run's TaskRuns as the observer would. */
  private long lists(TektonKind observing, PipelineRun run) {
    observing.taskRuns().observed(run, new java.util.ArrayList<>());
    return lists();
  }

  @Test
  void aFlakyTestIsRunAgainByReference() {
    h.steps(StepScript.onStep("build", "test", StepScript.byAttempt(
        RunOutcome.failed(1, SampleLogs.flakyTest(), STEP), RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)),
        StepScript.succeeding()));
    h.applySeedPolicy(p -> {});

    run(p -> {}, "backend-ci-build-run-1", "backend-ci-build-run-2");
    awaitOutcome("backend-ci-build-run-2", "Healed");

    JsonNode heal = RunTrees.tree(heals("backend-ci-build-run-2").get(0));
    assertThat(h.incident("backend-ci-build-run-2").getStatus().action).isEqualTo("retry_stage");
    assertThat(heal.at("/spec/pipelineRef/name").asText()).isEqualTo("backend-ci-build");
    assertThat(heal.at("/spec/pipelineSpec").isMissingNode()).isTrue();
  }

  @Test
  void aTaskTektonRetriesIsNotActedOnWhileItRetries() throws InterruptedException {
    h.steps(StepScript.onStep("build", "test", StepScript.byRetry(
        RunOutcome.failed(1, SampleLogs.flakyTest(), STEP), RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)),
        StepScript.succeeding()));
    h.applySeedPolicy(p -> p.getSpec().setFailureThreshold(1));

    List<RunState> states = run(p -> ((ObjectNode) p.at("/spec/tasks/1")).put("retries", 1), "backend-ci-build-run-1");

    assertThat(states).singleElement().isInstanceOf(RunState.Succeeded.class);
    JsonNode taskRun = RunTrees.tree(h.get(V1, "TaskRun", "backend-ci-build-run-1-build"));
    assertThat(taskRun.at("/status/retriesStatus").size()).isEqualTo(1);
    Thread.sleep(1000);
    assertThat(h.incident("backend-ci-build-run-1")).isNull();
    assertThat(heals("backend-ci-build-run-1")).isEmpty();
  }

  @Test
  void aPipelineThatDoesNotResolveGoesToAPersonWithoutARun() {
    h.applySeedPolicy(p -> p.getSpec().setFailureThreshold(1));

    List<RunState> states = run(p -> p.withObjectProperty("metadata").put("name", "another-pipeline"),
        "backend-ci-build-run-1");

    assertThat(states).singleElement().isInstanceOfSatisfying(RunState.Failed.class,
        f -> assertThat(f.reason()).isEqualTo("CouldntGetPipeline"));
    awaitOutcome("backend-ci-build-run-1", "NeedsHuman");
    PipelineIncident incident = h.incident("backend-ci-build-run-1");
    assertThat(incident.getSpec().getRunKind()).isEqualTo("PipelineRun");
    assertThat(incident.getStatus().decisions).last().satisfies(d ->
        assertThat(d.message).contains("Tekton could not run the pipeline (CouldntGetPipeline)"));
    assertThat(heals("backend-ci-build-run-1")).isEmpty();
  }

  @Test
  void aTaskThatTimedOutGoesToAPerson() {
    h.steps(StepScript.onStep("build", "test",
        StepScript.always(RunOutcome.succeeded(SampleLogs.mavenSuccess(), Duration.ofMinutes(5))),
        StepScript.succeeding()));
    h.applySeedPolicy(p -> p.getSpec().setFailureThreshold(1));

    run(p -> ((ObjectNode) p.at("/spec/tasks/1")).put("timeout", "1m0s"), "backend-ci-build-run-1");

    awaitOutcome("backend-ci-build-run-1", "NeedsHuman");
    assertThat(h.incident("backend-ci-build-run-1").getStatus().decisions).last().satisfies(d ->
        assertThat(d.message).contains("TaskRun of task build ended with TaskRunTimeout"));
    assertThat(heals("backend-ci-build-run-1")).isEmpty();
  }
}
