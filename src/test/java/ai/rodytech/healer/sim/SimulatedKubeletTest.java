package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

class SimulatedKubeletTest {
  private static final Duration SHORT = Duration.ofMillis(50);

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private InProcessCluster cluster;
  private KubernetesClient client;
  private SimulatedKubelet kubelet;
  private String ns;

  @BeforeEach
  void connect() {
    cluster = CLUSTER.cluster();
    client = CLUSTER.client();
  }

  private final List<FinishedRun> finishedRuns = new java.util.concurrent.CopyOnWriteArrayList<>();

  private void start(RunScript script, TestInfo test) {
    ns = test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 20);
    kubelet = CLUSTER.closeAfterTest(
        SimulatedKubelet.builder(cluster).script(script).namespaces(ns).onFinished(finishedRuns::add).start());
  }

  @Test
  void aFailedRunLeavesTheJobFailedThePodOomKilledAndTheLogReadable(TestInfo test) {
    start(RunScript.always(RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), SHORT)), test);

    Job job = client.batch().v1().jobs().inNamespace(ns).resource(job("backend-ci-build-1", "512Mi")).create();
    Job failed = awaitFinished("backend-ci-build-1");

    assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    assertThat(failed.getStatus().getSucceeded()).isNull();
    assertThat(failed.getStatus().getStartTime()).isNotNull();
    assertThat(failed.getStatus().getCompletionTime()).as("only set on success").isNull();
    assertThat(failed.getStatus().getConditions())
        .extracting(JobCondition::getType, JobCondition::getStatus, JobCondition::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("FailureTarget", "True", "BackoffLimitExceeded"),
            org.assertj.core.groups.Tuple.tuple("Failed", "True", "BackoffLimitExceeded"));

    Pod pod = onlyPodOf(job);
    assertThat(pod.getMetadata().getName()).matches("backend-ci-build-1-[a-z0-9]{5}");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("job-name", "backend-ci-build-1")
        .containsEntry("batch.kubernetes.io/job-name", "backend-ci-build-1")
        .containsEntry("controller-uid", job.getMetadata().getUid());
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("Job");
      assertThat(owner.getUid()).isEqualTo(job.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
    });
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    ContainerStatus build = pod.getStatus().getContainerStatuses().get(0);
    assertThat(build.getState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(build.getState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(build.getImageID()).matches("docker\\.io/library/maven@sha256:[0-9a-f]{64}");
    assertThat(client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).getLog())
        .isEqualTo(SampleLogs.jvmOutOfMemory());

    assertThat(events("BackoffLimitExceeded")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo(job.getMetadata().getUid());
      assertThat(e.getMessage()).isEqualTo("Job has reached the specified backoff limit");
    });
    assertThat(events("SuccessfulCreate")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("Created pod: " + pod.getMetadata().getName()));
    assertThat(finishedRuns).singleElement().satisfies(run -> {
      assertThat(run.job().getMetadata().getUid()).isEqualTo(job.getMetadata().getUid());
      assertThat(run.reason()).isEqualTo("BackoffLimitExceeded");
      assertThat(run.failed()).isTrue();
    });
  }

  @Test
  void aSucceededRunCompletesTheJobAsKubernetes131Does(TestInfo test) {
    start(RunScript.always(RunOutcome.succeeded(SampleLogs.mavenSuccess(), SHORT)), test);

    Job job = client.batch().v1().jobs().inNamespace(ns).resource(job("backend-ci-build-2", "512Mi")).create();
    Job complete = awaitFinished("backend-ci-build-2");

    assertThat(complete.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(complete.getStatus().getCompletionTime()).isNotNull();
    assertThat(complete.getStatus().getConditions())
        .extracting(JobCondition::getType, JobCondition::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("SuccessCriteriaMet", "CompletionsReached"),
            org.assertj.core.groups.Tuple.tuple("Complete", "CompletionsReached"));
    Pod pod = onlyPodOf(job);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getReason())
        .isEqualTo("Completed");
    assertThat(events("Completed")).hasSize(1);
  }

  @Test
  void theFirstRunFailsAndTheHealersRetryPassesByAttempt(TestInfo test) {
    start(RunScript.byAttempt(
        RunOutcome.failed(1, SampleLogs.flakyTest(), SHORT), RunOutcome.succeeded(SampleLogs.mavenSuccess(), SHORT)),
        test);

    client.batch().v1().jobs().inNamespace(ns).resource(job("backend-ci-build-3", "512Mi")).create();
    client.batch().v1().jobs().inNamespace(ns).resource(
        new JobBuilder(job("backend-ci-build-3-retry-1", "512Mi")).editMetadata()
            .addToAnnotations(RunScript.ATTEMPT_ANNOTATION, "1").endMetadata().build()).create();

    assertThat(finalCondition(awaitFinished("backend-ci-build-3"))).isEqualTo("Failed");
    assertThat(finalCondition(awaitFinished("backend-ci-build-3-retry-1"))).isEqualTo("Complete");
  }

  @Test
  void aFailingInitContainerLeavesTheAppContainerWaitingAndAReportedImageIdIsUsed(TestInfo test) {
    String moved = "docker.io/alpine/git@sha256:" + "7".repeat(64);
    start(RunScript.always(RunOutcome.failed(128, "fatal: unable to access 'https://git.example.com/backend.git/'",
        SHORT).inContainer("fetch").withImageId("fetch", moved)), test);
    Job withInit = new JobBuilder(job("backend-ci-build-5", "512Mi")).editSpec().editTemplate().editSpec()
        .addNewInitContainer().withName("fetch").withImage("alpine/git:2.45.2").endInitContainer()
        .endSpec().endTemplate().endSpec().build();

    Job job = client.batch().v1().jobs().inNamespace(ns).resource(withInit).create();
    awaitFinished("backend-ci-build-5");

    Pod pod = onlyPodOf(job);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(pod.getStatus().getInitContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isEqualTo(128);
    assertThat(pod.getStatus().getInitContainerStatuses().get(0).getImageID()).isEqualTo(moved);
    ContainerStatus build = pod.getStatus().getContainerStatuses().get(0);
    assertThat(build.getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    assertThat(build.getImageID()).as("a container that never started has no image ID").isEmpty();
    assertThat(build.getContainerID()).isNull();
    assertThat(client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).inContainer("fetch").getLog())
        .startsWith("fatal: unable to access");
  }

  @Test
  void twoHundredFailingJobsCreatedAtOnceAllFinish(TestInfo test) throws Exception {
    start(RunScript.always(RunOutcome.failed(1, SampleLogs.npmRegistryTimeout(), Duration.ZERO)), test);

    long begin = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      client.batch().v1().jobs().inNamespace(ns).resource(job("storefront-ci-" + i, "256Mi")).create();
    }
    assertThat(kubelet.awaitIdle(Duration.ofSeconds(120))).isTrue();
    long millis = (System.nanoTime() - begin) / 1_000_000;

    List<Job> jobs = client.batch().v1().jobs().inNamespace(ns).list().getItems();
    assertThat(jobs).hasSize(200).allSatisfy(j -> assertThat(finalCondition(j)).isEqualTo("Failed"));
    assertThat(kubelet.accepted()).isEqualTo(200);
    assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(200);
    System.out.printf("200 Jobs created and run to failure in %d ms on %d cores%n", millis,
        Runtime.getRuntime().availableProcessors());
  }

  private Job awaitFinished(String name) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> finalCondition(client.batch().v1().jobs().inNamespace(ns).withName(name).get()) != null);
    return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  private static String finalCondition(Job job) {
    if (job == null || job.getStatus() == null) {
      return null;
    }
    return job.getStatus().getConditions().stream()
        .map(JobCondition::getType)
        .filter(t -> t.equals("Failed") || t.equals("Complete"))
        .findFirst()
        .orElse(null);
  }

  private Pod onlyPodOf(Job job) {
    List<Pod> pods = client.pods().inNamespace(ns)
        .withLabel("batch.kubernetes.io/job-name", job.getMetadata().getName()).list().getItems();
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  private List<Event> events(String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private Job job(String name, String memory) {
    return new JobBuilder()
        .withNewMetadata().withName(name).withNamespace(ns)
        .withLabels(Map.of(RunScript.PIPELINE_LABEL, "backend-ci-build")).endMetadata()
        .withNewSpec().withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17")
        .withNewResources().addToLimits("memory", new Quantity(memory)).endResources().endContainer()
        .endSpec().endTemplate().endSpec()
        .build();
  }
}
