package ai.rodytech.healer.sim.tekton;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.SampleLogs;
import ai.rodytech.healer.sim.engine.EngineFixture;
import ai.rodytech.healer.sim.engine.EngineTestBase;
import ai.rodytech.healer.sim.engine.FinishedEngineRun;
import ai.rodytech.healer.sim.engine.StepScript;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class SimulatedTektonTest extends EngineTestBase {
  private static final String V1 = "tekton.dev/v1";
  private static final String FIXTURE = "sim/tekton/backend-ci-build.yaml";
  private static final String RUN = "backend-ci-build-run-1";
  private static final Duration STEP = Duration.ofSeconds(2);

  private SimulatedTekton tekton;


  private void run(StepScript script, TestInfo test, UnaryOperator<ObjectNode> editRun) {
    String ns = namespaceOf(test);
    k8s = new EngineFixture(cluster, ns);
    tekton = SimulatedTekton.builder(cluster).script(script).speed(100).namespaces(ns).onFinished(finished::add).start();
    engine = tekton;
    k8s.apply(FIXTURE, editRun);
    awaitFinished(1);
  }

  private JsonNode pipelineRun() {
    return k8s.get(V1, "PipelineRun", RUN);
  }

  private JsonNode taskRun(String pipelineTask) {
    return k8s.get(V1, "TaskRun", RUN + "-" + pipelineTask);
  }

  private static JsonNode succeeded(JsonNode run) {
    return run.path("status").path("conditions").path(0);
  }

  private static StepScript passing() {
    return StepScript.always(RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP));
  }

  @Test
  void aPassingRunBecomesTaskRunsAndPodsWithOneContainerPerStep(TestInfo test) throws InterruptedException {
    run(passing(), test, UnaryOperator.identity());
    // 13 for the first task, 9 for the second, a GET of the Pipeline and one of the Task; the test created 3 objects.
    assertThat(k8s.engineCalls(cluster, 3)).isEqualTo(24);

    JsonNode run = pipelineRun();
    assertThat(succeeded(run).path("type").asText()).isEqualTo("Succeeded");
    assertThat(succeeded(run).path("status").asText()).isEqualTo("True");
    assertThat(succeeded(run).path("reason").asText()).isEqualTo("Succeeded");
    assertThat(succeeded(run).path("message").asText()).isEqualTo("Tasks Completed: 2 (Failed: 0, Cancelled 0), Skipped: 0");
    assertThat(run.path("status").path("startTime").isTextual()).isTrue();
    assertThat(run.path("status").path("completionTime").isTextual()).isTrue();
    assertThat(run.path("status").path("pipelineSpec").path("tasks").size()).isEqualTo(2);
    assertThat(run.path("status").path("childReferences").findValuesAsText("name"))
        .containsExactly(RUN + "-fetch", RUN + "-build");
    assertThat(run.path("metadata").path("labels").path("tekton.dev/pipeline").asText()).isEqualTo("backend-ci-build");

    JsonNode build = taskRun("build");
    assertThat(build.path("metadata").path("labels").path("tekton.dev/pipelineRun").asText()).isEqualTo(RUN);
    assertThat(build.path("metadata").path("labels").path("tekton.dev/pipelineTask").asText()).isEqualTo("build");
    assertThat(build.path("metadata").path("labels").path("tekton.dev/task").asText()).isEqualTo("maven-build");
    assertThat(build.path("metadata").path("labels").path("rodytech.ai/pipeline").asText()).isEqualTo("backend-ci-build");
    assertThat(build.path("metadata").path("ownerReferences").path(0).path("kind").asText()).isEqualTo("PipelineRun");
    assertThat(build.path("status").path("podName").asText()).isEqualTo(RUN + "-build-pod");
    assertThat(succeeded(build).path("reason").asText()).isEqualTo("Succeeded");
    assertThat(names(build.path("status").path("steps"))).containsExactly("compile", "test", "package");
    assertThat(build.path("status").path("steps").findValuesAsText("exitCode")).containsOnly("0");

    JsonNode pod = k8s.pod(RUN + "-build-pod");
    assertThat(names(pod.path("spec").path("containers"))).containsExactly("step-compile", "step-test", "step-package");
    assertThat(pod.path("spec").path("containers").path(0).path("image").asText())
        .isEqualTo("maven:3.9-eclipse-temurin-17");
    assertThat(pod.path("metadata").path("labels").path("tekton.dev/taskRun").asText()).isEqualTo(RUN + "-build");
    assertThat(pod.path("status").path("phase").asText()).isEqualTo("Succeeded");
    assertThat(k8s.log(RUN + "-build-pod", "step-test")).contains("BUILD SUCCESS");
    assertThat(k8s.pod(RUN + "-fetch-pod").path("spec").path("containers").path(0).path("args").isMissingNode()).isTrue();
    assertThat(finished).singleElement().satisfies(f -> {
      assertThat(f.succeeded()).isTrue();
      assertThat(f.reason()).isEqualTo("Succeeded");
    });
    assertThat(k8s.eventReasons(RUN)).containsExactlyInAnyOrder("Normal Started", "Normal Succeeded");
    assertThat(EngineFixture.idle(tekton)).isTrue();
    assertThat(tekton.accepted()).isEqualTo(1);
  }

  @Test
  void theFirstFailingStepFailsTheTaskRunAndLaterStepsAreSkipped(TestInfo test) {
    run(StepScript.onStep("build", "test", StepScript.always(RunOutcome.failed(1, SampleLogs.flakyTest(), STEP)),
        passing()), test, UnaryOperator.identity());

    JsonNode build = taskRun("build");
    assertThat(succeeded(build).path("status").asText()).isEqualTo("False");
    assertThat(succeeded(build).path("reason").asText()).isEqualTo("Failed");
    assertThat(succeeded(build).path("message").asText()).isEqualTo("\"step-test\" exited with code 1");
    JsonNode steps = build.path("status").path("steps");
    assertThat(steps.path(0).path("terminated").path("exitCode").asInt()).isZero();
    assertThat(steps.path(1).path("terminated").path("exitCode").asInt()).isEqualTo(1);
    assertThat(steps.path(1).path("terminated").path("reason").asText()).isEqualTo("Error");
    assertThat(steps.path(2).path("terminationReason").asText()).isEqualTo("Skipped");
    assertThat(k8s.log(RUN + "-build-pod", "step-test")).contains("Tests run:");

    JsonNode run = pipelineRun();
    assertThat(succeeded(run).path("status").asText()).isEqualTo("False");
    assertThat(succeeded(run).path("reason").asText()).isEqualTo("Failed");
    assertThat(succeeded(run).path("message").asText()).isEqualTo("Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 0");
    assertThat(k8s.pod(RUN + "-build-pod").path("status").path("phase").asText()).isEqualTo("Failed");
  }

  @Test
  void anOomKilledStepPassesOnceItsMemoryIsRaisedThroughStepSpecs(TestInfo test) {
    StepScript script = StepScript.onStep("build", "test", StepScript.byMemoryLimit("768Mi",
        RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), STEP), RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)),
        passing());
    run(script, test, UnaryOperator.identity());
    JsonNode steps = taskRun("build").path("status").path("steps");
    assertThat(steps.path(1).path("terminated").path("reason").asText()).isEqualTo("OOMKilled");
    assertThat(steps.path(1).path("terminated").path("exitCode").asInt()).isEqualTo(137);
    assertThat(succeeded(taskRun("build")).path("message").asText()).isEqualTo("\"step-test\" exited with code 137");

    k8s.create(raisedRun("backend-ci-build-run-2"));
    awaitFinished(2);
    JsonNode raised = k8s.get(V1, "TaskRun", "backend-ci-build-run-2-build");
    assertThat(succeeded(raised).path("reason").asText()).isEqualTo("Succeeded");
    JsonNode pod = k8s.pod("backend-ci-build-run-2-build-pod");
    assertThat(pod.path("spec").path("containers").path(1).path("resources").path("limits").path("memory").asText())
        .isEqualTo("1Gi");
    assertThat(pod.path("spec").path("containers").path(0).path("resources").path("limits").path("memory").asText())
        .as("only the failing step's memory changes").isEqualTo("1Gi");
    assertThat(pod.path("spec").path("containers").path(2).path("resources").path("limits").isMissingNode()).isTrue();
  }

  @Test
  void theHealersAttemptAnnotationReachesTheScriptTheTaskRunAndThePod(TestInfo test) {
    run(StepScript.byAttempt(RunOutcome.failed(1, SampleLogs.flakyTest(), STEP), RunOutcome.succeeded("ok\n", STEP)),
        test, pr -> {
          pr.withObject("/metadata/annotations").put("rodytech.ai/attempt", "1");
          return pr;
        });
    assertThat(succeeded(pipelineRun()).path("reason").asText()).isEqualTo("Succeeded");
    assertThat(taskRun("build").path("metadata").path("annotations").path("rodytech.ai/attempt").asText()).isEqualTo("1");
    assertThat(k8s.pod(RUN + "-build-pod").path("metadata").path("annotations").path("rodytech.ai/attempt").asText())
        .isEqualTo("1");
  }

  @Test
  void taskLevelComputeResourcesSetEveryStepsLimitAndShareTheRequests(TestInfo test) {
    run(passing(), test, pr -> {
      ObjectNode spec = pr.withObject("/spec").putArray("taskRunSpecs").addObject().put("pipelineTaskName", "build");
      spec.putObject("computeResources").putObject("limits").put("memory", "2Gi");
      spec.withObject("/computeResources").putObject("requests").put("memory", "1536Mi").put("cpu", "1500m");
      return pr;
    });
    JsonNode containers = k8s.pod(RUN + "-build-pod").path("spec").path("containers");
    for (JsonNode c : containers) {
      assertThat(c.path("resources").path("limits").path("memory").asText()).isEqualTo("2Gi");
      assertThat(c.path("resources").path("requests").path("memory").asText()).isEqualTo("512Mi");
      assertThat(c.path("resources").path("requests").path("cpu").asText()).isEqualTo("500m");
    }
  }

  @Test
  void aHeapCapBelowWhatTheBuildNeedsFailsWithTheJvmsOwnErrorAndARaisedCapPasses(TestInfo test) {
    StepScript script = StepScript.onStep("build", "test",
        StepScript.heapCap("450Mi", RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)), passing());
    run(script, test, UnaryOperator.identity());
    JsonNode capped = taskRun("build");
    assertThat(succeeded(capped).path("message").asText()).isEqualTo("\"step-test\" exited with code 1");
    assertThat(k8s.log(RUN + "-build-pod", "step-test")).contains("java.lang.OutOfMemoryError: Java heap space");
    assertThat(k8s.pod(RUN + "-build-pod").path("spec").path("containers").path(1).path("env").findValuesAsText("value"))
        .contains("-Xmx256m");

    // The cap raised through the run's params but the limit left at 512Mi: now the kernel kills it.
    k8s.create(withParam(named("backend-ci-build-run-2"), "maven-opts", "-Xmx512m"));
    awaitFinished(2);
    assertThat(k8s.get(V1, "TaskRun", "backend-ci-build-run-2-build").path("status").path("steps").path(1)
        .path("terminated").path("reason").asText()).isEqualTo("OOMKilled");

    // Both raised: it passes.
    k8s.create(withParam(raisedRun("backend-ci-build-run-3"), "maven-opts", "-Xmx512m"));
    awaitFinished(3);
    assertThat(succeeded(k8s.get(V1, "PipelineRun", "backend-ci-build-run-3")).path("reason").asText())
        .isEqualTo("Succeeded");
  }

  @Test
  void pipelineTaskRetriesRunAnotherPodAndKeepTheFailedTryInRetriesStatus(TestInfo test) throws InterruptedException {
    StepScript script = StepScript.onStep("build", "test",
        StepScript.byRetry(RunOutcome.failed(1, SampleLogs.flakyTest(), STEP), RunOutcome.succeeded("ok\n", STEP)),
        passing());
    List<String> seen = new CopyOnWriteArrayList<>();
    run(script, test, pr -> {
      watchTaskRunReasons(seen);
      return inline(pr, spec -> ((ObjectNode) spec.path("tasks").path(1)).put("retries", 2));
    });
    // Two tasks (13 + 9), the Task's GET, and 5 for the retry; the test created 3 objects.
    assertThat(k8s.engineCalls(cluster, 3)).isEqualTo(28);
    JsonNode build = taskRun("build");
    assertThat(succeeded(build).path("reason").asText()).isEqualTo("Succeeded");
    assertThat(build.path("status").path("podName").asText()).isEqualTo(RUN + "-build-pod-retry1");
    assertThat(build.path("status").path("retriesStatus").size()).isEqualTo(1);
    JsonNode failedTry = build.path("status").path("retriesStatus").path(0);
    assertThat(failedTry.path("podName").asText()).isEqualTo(RUN + "-build-pod");
    assertThat(failedTry.path("conditions").path(0).path("reason").asText()).isEqualTo("Failed");
    assertThat(seen).contains("Unknown/ToBeRetried");
    assertThat(k8s.pod(RUN + "-build-pod").path("status").path("phase").asText()).isEqualTo("Failed");
    assertThat(succeeded(pipelineRun()).path("reason").asText()).isEqualTo("Succeeded");
    assertThat(pipelineRun().path("metadata").path("labels").path("tekton.dev/pipeline").asText())
        .as("an inline pipelineSpec is labelled with the run's own name").isEqualTo(RUN);
  }

  @Test
  void aPipelineTimeoutCancelsTheRunningTaskRun(TestInfo test) {
    run(StepScript.always(RunOutcome.succeeded("", Duration.ofSeconds(60))), test, pr -> {
      pr.withObject("/spec").putObject("timeouts").put("pipeline", "90s");
      return pr;
    });
    JsonNode run = pipelineRun();
    assertThat(succeeded(run).path("status").asText()).isEqualTo("False");
    assertThat(succeeded(run).path("reason").asText()).isEqualTo("PipelineRunTimeout");
    assertThat(succeeded(run).path("message").asText())
        .isEqualTo("PipelineRun \"" + RUN + "\" failed to finish within \"1m30s\"");
    JsonNode build = taskRun("build");
    assertThat(succeeded(build).path("reason").asText()).isEqualTo("TaskRunCancelled");
    assertThat(k8s.pod(RUN + "-build-pod").isMissingNode()).as("Tekton deletes a cancelled TaskRun's pod").isTrue();
  }

  @Test
  void aTaskTimeoutFailsTheTaskRunWithTaskRunTimeout(TestInfo test) {
    run(StepScript.always(RunOutcome.succeeded("", Duration.ofSeconds(30))), test, pr -> {
      return inline(pr, spec -> ((ObjectNode) spec.path("tasks").path(1)).put("timeout", "45s"));
    });
    JsonNode build = taskRun("build");
    assertThat(succeeded(build).path("reason").asText()).isEqualTo("TaskRunTimeout");
    assertThat(succeeded(build).path("message").asText())
        .isEqualTo("TaskRun \"" + RUN + "-build\" failed to finish within \"45s\"");
    JsonNode steps = build.path("status").path("steps");
    assertThat(steps.path(0).path("terminated").path("exitCode").asInt()).isZero();
    assertThat(steps.path(1).path("terminated").path("reason").asText()).isEqualTo("TaskRunTimeout");
    assertThat(succeeded(pipelineRun()).path("reason").asText()).isEqualTo("Failed");
  }

  @Test
  void validationFailuresEndTheRunBeforeAnyTaskRun() {
    String ns = "validation";
    k8s = new EngineFixture(cluster, ns);
    tekton = SimulatedTekton.builder(cluster).namespaces(ns).onFinished(finished::add).start();
    engine = tekton;
    List<ObjectNode> objects = k8s.load(FIXTURE);
    k8s.create(objects.get(0));
    k8s.create(objects.get(1));

    record Case(String name, UnaryOperator<ObjectNode> edit, String reason, String message) {}
    List<Case> cases = List.of(
        new Case("no-pipeline", pr -> {
              pr.withObject("/spec/pipelineRef").put("name", "missing");
              return pr;
            },
            "CouldntGetPipeline",
            "Error retrieving pipeline for pipelinerun validation/no-pipeline: pipelines.tekton.dev \"missing\" not found"),
        new Case("bad-run-after", pr -> inline(pr, spec -> ((ObjectNode) spec.path("tasks").path(1)).putArray("runAfter")
                .add("compile")),
            "PipelineValidationFailed",
            "Pipeline validation/bad-run-after can't be Run; it has an invalid spec: invalid value: couldn't add link"
                + " between build and compile: task build depends on compile but compile wasn't present in Pipeline:"
                + " spec.tasks[1].runAfter"),
        new Case("no-param", pr -> inline(pr, spec -> spec.withArray("params").addObject().put("name", "registry")),
            "ParameterMissing",
            "PipelineRun validation/no-param parameters is missing some parameters required by Pipeline no-param's"
                + " parameters: PipelineRun missing parameters: [registry]"),
        new Case("no-task", pr -> inline(pr, spec -> ((ObjectNode) spec.path("tasks").path(1)).withObject("/taskRef")
                .put("name", "gradle-build")),
            "CouldntGetTask",
            "Pipeline validation/no-task can't be Run; it contains Tasks that don't exist: Couldn't retrieve Task"
                + " \"gradle-build\": tasks.tekton.dev \"gradle-build\" not found"));

    for (Case c : cases) {
      ObjectNode run = renamed(objects.get(2), c.name());
      k8s.create(c.edit().apply(run));
    }
    awaitFinished(cases.size());
    for (Case c : cases) {
      JsonNode run = k8s.get(V1, "PipelineRun", c.name());
      assertThat(succeeded(run).path("status").asText()).as(c.name()).isEqualTo("False");
      assertThat(succeeded(run).path("reason").asText()).as(c.name()).isEqualTo(c.reason());
      assertThat(succeeded(run).path("message").asText()).as(c.name()).isEqualTo(c.message());
      assertThat(run.path("status").path("completionTime").isTextual()).as(c.name()).isTrue();
    }
    assertThat(k8s.list(V1, "TaskRun")).isEmpty();
    assertThat(finished).extracting(FinishedEngineRun::succeeded).containsOnly(false);
  }

  @Test
  void aOneStepPipelineRunCostsThirteenApiCalls(TestInfo test) throws InterruptedException {
    k8s = new EngineFixture(cluster, namespaceOf(test));
    tekton = SimulatedTekton.builder(cluster).namespaces(k8s.namespace()).onFinished(finished::add).start();
    engine = tekton;
    ObjectNode run = k8s.load(FIXTURE).get(2);
    inline(run, spec -> {
      spec.withArray("tasks").remove(1);
      spec.remove("params");
    });
    cluster.requests().reset();
    k8s.create(run);
    awaitFinished(1);
    // Labels, 4 status writes of the run and its TaskRun, the TaskRun, its pod and 2 pod status writes, 4 events;
    // plus the test's own create.
    assertThat(k8s.engineCalls(cluster, 1)).isEqualTo(13);
  }

  /** The run with its pipeline inlined as pipelineSpec, changed by {@code edit}. */
  private ObjectNode inline(ObjectNode run, java.util.function.Consumer<ObjectNode> edit) {
    ObjectNode spec = k8s.load(FIXTURE).get(1).withObject("/spec").deepCopy();
    edit.accept(spec);
    run.withObject("/spec").remove("pipelineRef");
    run.withObject("/spec").set("pipelineSpec", spec);
    return run;
  }

  private ObjectNode named(String name) {
    ObjectNode run = k8s.load(FIXTURE).get(2);
    run.withObject("/metadata").put("name", name);
    return run;
  }

  /** A rerun whose test step gets 1Gi through taskRunSpecs[].stepSpecs, as a healer's memory raise would. */
  private ObjectNode raisedRun(String name) {
    ObjectNode run = named(name);
    ObjectNode stepSpec = run.withObject("/spec").putArray("taskRunSpecs").addObject().put("pipelineTaskName", "build")
        .putArray("stepSpecs").addObject().put("name", "test");
    stepSpec.putObject("computeResources").putObject("limits").put("memory", "1Gi");
    return run;
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.path("name").asText()));
    return names;
  }

  private static ObjectNode withParam(ObjectNode run, String name, String value) {
    run.withArray("/spec/params").addObject().put("name", name).put("value", value);
    return run;
  }

  private static ObjectNode renamed(ObjectNode run, String name) {
    ObjectNode copy = run.deepCopy();
    copy.withObject("/metadata").put("name", name);
    return copy;
  }


  private void watchTaskRunReasons(List<String> seen) {
    cluster.client().genericKubernetesResources(V1, "TaskRun").inNamespace(k8s.namespace()).watch(
        new io.fabric8.kubernetes.client.Watcher<>() {
          @Override
          public void eventReceived(Action action, io.fabric8.kubernetes.api.model.GenericKubernetesResource tr) {
            JsonNode condition = succeeded(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().valueToTree(tr));
            if (!condition.isMissingNode()) {
              seen.add(condition.path("status").asText() + "/" + condition.path("reason").asText());
            }
          }

          @Override
          public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
        });
  }
}
