package ai.rodytech.healer.sim.argo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.SampleLogs;
import ai.rodytech.healer.sim.engine.EngineFixture;
import ai.rodytech.healer.sim.engine.EngineTestBase;
import ai.rodytech.healer.sim.engine.StepScript;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class SimulatedArgoTest extends EngineTestBase {
  private static final String V1 = "argoproj.io/v1alpha1";
  private static final String FIXTURE = "sim/argo/backend-ci-build.yaml";
  private static final String WF = "backend-ci-build-1";
  private static final Duration STEP = Duration.ofSeconds(2);

  private SimulatedArgo argo;


  private void start(StepScript script, TestInfo test) {
    k8s = new EngineFixture(cluster, namespaceOf(test));
    argo = SimulatedArgo.builder(cluster).script(script).speed(100).namespaces(k8s.namespace())
        .onFinished(finished::add).start();
    engine = argo;
  }

  private void run(StepScript script, TestInfo test, UnaryOperator<ObjectNode> editWorkflow) {
    start(script, test);
    k8s.apply(FIXTURE, editWorkflow);
    awaitFinished(1);
  }

  private JsonNode workflow(String name) {
    return k8s.get(V1, "Workflow", name);
  }

  /** The workflow's nodes by display name. */
  private static Map<String, JsonNode> nodes(JsonNode workflow) {
    Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
    workflow.path("status").path("nodes").forEach(n -> byName.put(n.path("displayName").asText(), n));
    return byName;
  }

  private static StepScript passing() {
    return StepScript.always(RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP));
  }

  private static StepScript onBuild(StepScript build) {
    return s -> (s.task().equals("build") ? build : passing()).run(s);
  }

  @Test
  void aPassingWorkflowRunsItsStepsAsPodsWithInitWaitAndMainContainers(TestInfo test) throws InterruptedException {
    run(passing(), test, UnaryOperator.identity());
    // 7 for the first pod, 4 for the second, a GET of the WorkflowTemplate; the test created 2 objects.
    assertThat(k8s.engineCalls(cluster, 2)).isEqualTo(12);

    JsonNode wf = workflow(WF);
    assertThat(wf.path("status").path("phase").asText()).isEqualTo("Succeeded");
    assertThat(wf.path("status").path("progress").asText()).isEqualTo("2/2");
    assertThat(wf.path("status").path("finishedAt").isTextual()).isTrue();
    assertThat(wf.path("status").path("storedWorkflowTemplateSpec").path("entrypoint").asText()).isEqualTo("ci");
    assertThat(wf.path("metadata").path("labels").path("workflows.argoproj.io/phase").asText()).isEqualTo("Succeeded");
    assertThat(wf.path("metadata").path("labels").path("workflows.argoproj.io/completed").asText()).isEqualTo("true");
    assertThat(wf.path("metadata").path("labels").path("rodytech.ai/pipeline").asText()).isEqualTo("backend-ci-build");

    Map<String, JsonNode> nodes = nodes(wf);
    assertThat(nodes.keySet()).containsExactlyInAnyOrder(WF, "[0]", "checkout", "[1]", "build");
    assertThat(nodes.get(WF).path("type").asText()).isEqualTo("Steps");
    assertThat(nodes.get(WF).path("id").asText()).isEqualTo(WF);
    assertThat(nodes.get("[0]").path("type").asText()).isEqualTo("StepGroup");
    JsonNode build = nodes.get("build");
    assertThat(build.path("type").asText()).isEqualTo("Pod");
    assertThat(build.path("name").asText()).isEqualTo(WF + "[1].build");
    assertThat(build.path("id").asText()).isEqualTo(WF + "-" + ArgoNames.fnv32a(WF + "[1].build"));
    assertThat(build.path("templateName").asText()).isEqualTo("build");
    assertThat(build.path("phase").asText()).isEqualTo("Succeeded");
    assertThat(build.path("outputs").path("exitCode").asText()).isEqualTo("0");

    String podName = WF + "-build-" + ArgoNames.fnv32a(WF + "[1].build");
    JsonNode pod = k8s.pod(podName);
    assertThat(pod.path("spec").path("initContainers").path(0).path("name").asText()).isEqualTo("init");
    assertThat(pod.path("spec").path("containers").path(0).path("name").asText()).isEqualTo("wait");
    JsonNode main = pod.path("spec").path("containers").path(1);
    assertThat(main.path("name").asText()).isEqualTo("main");
    assertThat(main.path("image").asText()).isEqualTo("maven:3.9-eclipse-temurin-17");
    assertThat(main.path("env").path(0).path("value").asText()).isEqualTo("-Xmx256m");
    assertThat(pod.path("metadata").path("labels").path("workflows.argoproj.io/workflow").asText()).isEqualTo(WF);
    assertThat(pod.path("status").path("phase").asText()).isEqualTo("Succeeded");
    assertThat(k8s.log(podName, "main")).contains("BUILD SUCCESS");
    JsonNode checkout = k8s.pod(WF + "-checkout-" + ArgoNames.fnv32a(WF + "[0].checkout"));
    assertThat(checkout.path("spec").path("containers").path(1).path("command").toString()).contains("release-2.3");
    assertThat(k8s.eventReasons(WF)).containsExactlyInAnyOrder("Normal WorkflowRunning", "Normal WorkflowSucceeded");
    assertThat(finished).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("Succeeded"));
  }

  @Test
  void aFailingMainContainerFailsItsNodeAndTheWorkflow(TestInfo test) {
    run(onBuild(StepScript.always(RunOutcome.failed(1, SampleLogs.javacCompileError(), STEP))), test,
        UnaryOperator.identity());

    JsonNode wf = workflow(WF);
    Map<String, JsonNode> nodes = nodes(wf);
    JsonNode build = nodes.get("build");
    assertThat(build.path("phase").asText()).isEqualTo("Failed");
    assertThat(build.path("message").asText()).isEqualTo("main: Error (exit code 1)");
    assertThat(build.path("outputs").path("exitCode").asText()).isEqualTo("1");
    assertThat(nodes.get("[1]").path("message").asText()).isEqualTo("child '" + build.path("id").asText() + "' failed");
    assertThat(wf.path("status").path("phase").asText()).isEqualTo("Failed");
    assertThat(wf.path("status").path("message").asText())
        .isEqualTo("child '" + nodes.get("[1]").path("id").asText() + "' failed");
    assertThat(wf.path("metadata").path("labels").path("workflows.argoproj.io/phase").asText()).isEqualTo("Failed");
    assertThat(k8s.eventReasons(WF)).contains("Warning WorkflowNodeFailed", "Warning WorkflowFailed");
  }

  @Test
  void podGcOnPodCompletionDeletesEachPodOnceItEndedAfterItsDelay(TestInfo test) {
    run(onBuild(StepScript.always(RunOutcome.failed(1, SampleLogs.javacCompileError(), STEP))), test, wf -> {
      wf.withObject("/spec").putObject("podGC").put("strategy", "OnPodCompletion").put("deleteDelayDuration", "0s");
      return wf;
    });
    String checkout = WF + "-checkout-" + ArgoNames.fnv32a(WF + "[0].checkout");
    String build = WF + "-build-" + ArgoNames.fnv32a(WF + "[1].build");

    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> k8s.pod(checkout).isMissingNode() && k8s.pod(build).isMissingNode());
    assertThat(nodes(workflow(WF)).get("build").path("phase").asText()).as("the node outlives its pod")
        .isEqualTo("Failed");
  }

  @Test
  void podGcOnPodSuccessKeepsTheFailedPodAndDeletesTheOthersAfterTheControllersFiveSeconds(TestInfo test) {
    long begin = System.nanoTime();
    run(onBuild(StepScript.always(RunOutcome.failed(1, SampleLogs.javacCompileError(), STEP))), test, wf -> {
      wf.withObject("/spec").putObject("podGC").put("strategy", "OnPodSuccess");
      return wf;
    });
    String checkout = WF + "-checkout-" + ArgoNames.fnv32a(WF + "[0].checkout");
    String build = WF + "-build-" + ArgoNames.fnv32a(WF + "[1].build");

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> k8s.pod(checkout).isMissingNode());
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).as("2 s of build and 5 s of delay, at speed 100")
        .isGreaterThanOrEqualTo(Duration.ofMillis(70));
    assertThat(k8s.pod(build).path("status").path("phase").asText()).isEqualTo("Failed");
    assertThat(PodGc.goDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(PodGc.goDuration("250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void podGcOnWorkflowCompletionDeletesEveryPodOnceTheWorkflowEnded(TestInfo test) {
    run(onBuild(StepScript.always(RunOutcome.failed(1, SampleLogs.javacCompileError(), STEP))), test, wf -> {
      wf.withObject("/spec").putObject("podGC").put("strategy", "OnWorkflowCompletion")
          .put("deleteDelayDuration", "0s");
      return wf;
    });

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> k8s.list("v1", "Pod").isEmpty());
    assertThat(workflow(WF).path("status").path("phase").asText()).isEqualTo("Failed");
  }

  @Test
  void anOomKilledBuildPassesOnceAPodSpecPatchRaisesItsMemory(TestInfo test) {
    StepScript script = onBuild(StepScript.byMemoryLimit("1Gi",
        RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), STEP), RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)));
    run(script, test, UnaryOperator.identity());
    assertThat(nodes(workflow(WF)).get("build").path("message").asText()).isEqualTo("main: OOMKilled (exit code 137)");

    ObjectNode resubmitted = renamed(k8s.load(FIXTURE).get(1), "backend-ci-build-2");
    resubmitted.withObject("/spec").put("podSpecPatch",
        "containers:\n  - name: main\n    resources:\n      limits:\n        memory: 1Gi\n      requests:\n        memory: 1Gi\n");
    k8s.create(resubmitted);
    awaitFinished(2);
    JsonNode wf = workflow("backend-ci-build-2");
    assertThat(wf.path("status").path("phase").asText()).isEqualTo("Succeeded");
    JsonNode pod = k8s.pod("backend-ci-build-2-build-" + ArgoNames.fnv32a("backend-ci-build-2[1].build"));
    JsonNode main = pod.path("spec").path("containers").path(1);
    assertThat(main.path("resources").path("limits").path("memory").asText()).isEqualTo("1Gi");
    assertThat(main.path("image").asText()).as("the patch merges into main").isEqualTo("maven:3.9-eclipse-temurin-17");
  }

  @Test
  void aHeapCapPassedAsAWorkflowArgumentDecidesTheBuild(TestInfo test) {
    StepScript script = onBuild(StepScript.heapCap("300Mi", RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP)));
    run(script, test, UnaryOperator.identity());
    String podName = WF + "-build-" + ArgoNames.fnv32a(WF + "[1].build");
    assertThat(k8s.log(podName, "main")).contains("java.lang.OutOfMemoryError: Java heap space");
    assertThat(nodes(workflow(WF)).get("build").path("message").asText()).isEqualTo("main: Error (exit code 1)");

    ObjectNode raised = renamed(k8s.load(FIXTURE).get(1), "backend-ci-build-2");
    raised.withArray("/spec/arguments/parameters").addObject().put("name", "maven-opts").put("value", "-Xmx384m");
    k8s.create(raised);
    awaitFinished(2);
    assertThat(workflow("backend-ci-build-2").path("status").path("phase").asText()).isEqualTo("Succeeded");
  }

  @Test
  void aRetryStrategyRunsAnotherPodUnderARetryNodeWhileTheWorkflowStaysRunning(TestInfo test) {
    start(onBuild(StepScript.byRetry(RunOutcome.failed(1, SampleLogs.npmRegistryTimeout(), STEP),
        RunOutcome.succeeded(SampleLogs.npmSuccess(), STEP))), test);
    List<String> phases = watchPhases();
    List<ObjectNode> objects = k8s.load(FIXTURE);
    ObjectNode template = objects.get(0);
    ((ObjectNode) template.path("spec").path("templates").path(2)).putObject("retryStrategy").put("limit", "2");
    k8s.create(template);
    k8s.create(objects.get(1));
    awaitFinished(1);

    JsonNode wf = workflow(WF);
    Map<String, JsonNode> nodes = nodes(wf);
    JsonNode retry = nodes.get("build");
    assertThat(retry.path("type").asText()).isEqualTo("Retry");
    assertThat(retry.path("phase").asText()).isEqualTo("Succeeded");
    assertThat(retry.path("children").size()).isEqualTo(2);
    assertThat(nodes.get("build(0)").path("phase").asText()).isEqualTo("Failed");
    assertThat(nodes.get("build(0)").path("message").asText()).isEqualTo("main: Error (exit code 1)");
    assertThat(nodes.get("build(1)").path("phase").asText()).isEqualTo("Succeeded");
    assertThat(nodes.get("build(1)").path("name").asText()).isEqualTo(WF + "[1].build(1)");
    assertThat(wf.path("status").path("phase").asText()).isEqualTo("Succeeded");
    assertThat(phases).doesNotContain("Failed").contains("Running");
    assertThat(k8s.pod(WF + "-build-" + ArgoNames.fnv32a(WF + "[1].build(0)")).path("status").path("phase").asText())
        .isEqualTo("Failed");
  }

  @Test
  void exhaustedRetriesFailTheRetryNodeWithNoMoreRetriesLeft(TestInfo test) {
    start(onBuild(StepScript.always(RunOutcome.failed(1, SampleLogs.flakyTest(), STEP))), test);
    List<ObjectNode> objects = k8s.load(FIXTURE);
    ((ObjectNode) objects.get(0).path("spec").path("templates").path(2)).putObject("retryStrategy").put("limit", 1);
    k8s.create(objects.get(0));
    k8s.create(objects.get(1));
    awaitFinished(1);

    Map<String, JsonNode> nodes = nodes(workflow(WF));
    assertThat(nodes.get("build").path("phase").asText()).isEqualTo("Failed");
    assertThat(nodes.get("build").path("message").asText()).isEqualTo("No more retries left");
    assertThat(nodes.get("build").path("children").size()).isEqualTo(2);
    assertThat(workflow(WF).path("status").path("phase").asText()).isEqualTo("Failed");
  }

  @Test
  void activeDeadlineSecondsFailsTheWorkflow(TestInfo test) {
    run(onBuild(StepScript.always(RunOutcome.succeeded("", Duration.ofMinutes(5)))), test, wf -> {
      wf.withObject("/spec").put("activeDeadlineSeconds", 60);
      return wf;
    });
    JsonNode wf = workflow(WF);
    assertThat(wf.path("status").path("phase").asText()).isEqualTo("Failed");
    assertThat(wf.path("status").path("message").asText()).isEqualTo("Step exceeded its deadline");
    assertThat(nodes(wf).get("build").path("message").asText()).isEqualTo("Step exceeded its deadline");
  }

  @Test
  void aDagRunsTasksAfterTheirDependenciesAndStopsAfterAFailure(TestInfo test) {
    start(s -> s.task().equals("unit-tests") ? RunOutcome.failed(1, SampleLogs.flakyTest(), STEP)
        : RunOutcome.succeeded("ok\n", STEP), test);
    k8s.create(inlineDag());
    awaitFinished(1);
    JsonNode wf = workflow("dag-1");
    Map<String, JsonNode> nodes = nodes(wf);
    assertThat(nodes.get("dag-1").path("type").asText()).isEqualTo("DAG");
    assertThat(nodes.keySet()).containsExactlyInAnyOrder("dag-1", "compile", "unit-tests", "lint");
    assertThat(nodes.get("unit-tests").path("name").asText()).isEqualTo("dag-1.unit-tests");
    assertThat(nodes).doesNotContainKey("package");
    assertThat(wf.path("status").path("phase").asText()).isEqualTo("Failed");
    assertThat(wf.path("status").path("message").asText())
        .isEqualTo("child '" + nodes.get("unit-tests").path("id").asText() + "' failed");
  }

  @Test
  void aContainerEntrypointIsOnePodNamedAfterTheWorkflow(TestInfo test) {
    start(StepScript.always(RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), STEP)), test);
    ObjectNode wf = Serialization.jsonMapper().createObjectNode();
    wf.put("apiVersion", V1).put("kind", "Workflow").putObject("metadata").put("name", "single-1");
    ObjectNode spec = wf.putObject("spec").put("entrypoint", "build");
    spec.putArray("templates").addObject().put("name", "build").putObject("container")
        .put("image", "gradle:8.7-jdk17").putArray("command").add("gradle").add("build");
    k8s.create(wf);
    awaitFinished(1);
    JsonNode done = workflow("single-1");
    assertThat(done.path("status").path("nodes").path("single-1").path("type").asText()).isEqualTo("Pod");
    assertThat(done.path("status").path("message").asText()).isEqualTo("main: OOMKilled (exit code 137)");
    assertThat(k8s.pod("single-1").path("status").path("containerStatuses").path(1).path("state").path("terminated")
        .path("reason").asText()).isEqualTo("OOMKilled");
  }

  @Test
  void submissionsFromATemplateOrACronWorkflowCarryTheirLabelsAndAMissingTemplateIsAnError(TestInfo test) {
    start(passing(), test);
    ObjectNode template = k8s.load(FIXTURE).get(0);
    template.withObject("/spec/workflowMetadata/labels").put("team", "payments");
    k8s.create(template);
    ObjectNode cron = Serialization.jsonMapper().createObjectNode();
    cron.put("apiVersion", V1).put("kind", "CronWorkflow").putObject("metadata").put("name", "nightly");
    ObjectNode cronSpec = cron.putObject("spec").put("schedule", "0 3 * * *");
    cronSpec.putObject("workflowSpec").putObject("workflowTemplateRef").put("name", "backend-ci-build");
    k8s.create(cron);

    String fromTemplate = argo.submitFromTemplate(k8s.namespace(), "backend-ci-build", Map.of())
        .path("metadata").path("name").asText();
    String fromCron = argo.submitFromCron(k8s.namespace(), "nightly").path("metadata").path("name").asText();
    ObjectNode missing = renamed(k8s.load(FIXTURE).get(1), "orphan-1");
    missing.withObject("/spec/workflowTemplateRef").put("name", "gone");
    k8s.create(missing);
    awaitFinished(3);

    assertThat(workflow(fromTemplate).path("metadata").path("labels").path("workflows.argoproj.io/workflow-template")
        .asText()).isEqualTo("backend-ci-build");
    assertThat(workflow(fromTemplate).path("status").path("phase").asText()).isEqualTo("Succeeded");
    assertThat(workflow(fromTemplate).path("metadata").path("labels").path("team").asText()).isEqualTo("payments");
    assertThat(workflow(fromCron).path("metadata").path("labels").path("workflows.argoproj.io/cron-workflow").asText())
        .isEqualTo("nightly");
    assertThat(workflow(fromCron).path("metadata").path("ownerReferences").path(0).path("kind").asText())
        .isEqualTo("CronWorkflow");
    JsonNode orphan = workflow("orphan-1");
    assertThat(orphan.path("status").path("phase").asText()).isEqualTo("Error");
    assertThat(orphan.path("status").path("message").asText())
        .isEqualTo("workflowtemplates.argoproj.io \"gone\" not found");
  }

  @Test
  void aOnePodWorkflowCostsSevenApiCalls(TestInfo test) throws InterruptedException {
    start(passing(), test);
    ObjectNode wf = Serialization.jsonMapper().createObjectNode();
    wf.put("apiVersion", V1).put("kind", "Workflow").putObject("metadata").put("name", "cost-1");
    ObjectNode spec = wf.putObject("spec").put("entrypoint", "build");
    spec.putArray("templates").addObject().put("name", "build").putObject("container").put("image", "node:20");
    cluster.requests().reset();
    k8s.create(wf);
    awaitFinished(1);
    // The pod and its 2 status writes, 2 writes of the Workflow, 2 events; plus the test's own create.
    assertThat(k8s.engineCalls(cluster, 1)).isEqualTo(7);
  }

  private ObjectNode inlineDag() {
    ObjectNode wf = Serialization.jsonMapper().createObjectNode();
    wf.put("apiVersion", V1).put("kind", "Workflow").putObject("metadata").put("name", "dag-1");
    ObjectNode spec = wf.putObject("spec").put("entrypoint", "main");
    var templates = spec.putArray("templates");
    var tasks = templates.addObject().put("name", "main").putObject("dag").putArray("tasks");
    tasks.addObject().put("name", "compile").put("template", "compile");
    tasks.addObject().put("name", "unit-tests").put("template", "unit-tests").putArray("dependencies").add("compile");
    tasks.addObject().put("name", "lint").put("template", "lint").put("depends", "compile.Succeeded");
    tasks.addObject().put("name", "package").put("template", "compile").put("depends", "unit-tests && lint");
    for (String name : List.of("compile", "unit-tests", "lint")) {
      templates.addObject().put("name", name).putObject("container").put("image", "node:20").putArray("command")
          .add("npm").add("run").add(name);
    }
    return wf;
  }

  private static ObjectNode renamed(ObjectNode workflow, String name) {
    workflow.withObject("/metadata").put("name", name);
    return workflow;
  }


  private List<String> watchPhases() {
    List<String> phases = new CopyOnWriteArrayList<>();
    cluster.client().genericKubernetesResources(V1, "Workflow").inNamespace(k8s.namespace()).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource wf) {
        JsonNode phase = Serialization.jsonMapper().valueToTree(wf).path("status").path("phase");
        if (phase.isTextual()) {
          phases.add(phase.asText());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    return phases;
  }
}
