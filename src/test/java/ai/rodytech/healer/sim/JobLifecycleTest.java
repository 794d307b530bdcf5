package ai.rodytech.healer.sim;

import static ai.rodytech.healer.sim.WatchLog.conditionTypes;
import static ai.rodytech.healer.sim.WatchLog.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.sim.WatchLog.Seen;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher.Action;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulated job controller and kubelet against Kubernetes 1.31's behaviour, read back through a fabric8
 * client and watches: the backoff limit with a new pod per failure, the deadline, restarts in place under
 * OnFailure, ttlSecondsAfterFinished and cascading deletion, native sidecars. At speed 20 the controllers'
 * back-offs of 10 s and more take half a second.
 */
class JobLifecycleTest {
  private static final double SPEED = 20;
  private static final Duration QUICK = Duration.ofMillis(100);
  private static final Duration FOREVER = Duration.ofHours(1);

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private InProcessCluster cluster;
  private KubernetesClient client;
  private SimulatedKubelet kubelet;
  private WatchLog log;
  private String ns;

  @BeforeEach
  void connect() {
    cluster = CLUSTER.cluster();
    client = CLUSTER.client();
  }

  private void start(RunScript script, TestInfo test) {
    ns = test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 25);
    log = CLUSTER.closeAfterTest(new WatchLog(client, ns));
    kubelet = CLUSTER.closeAfterTest(
        SimulatedKubelet.builder(cluster).script(script).namespaces(ns).speed(SPEED).start());
  }

  @Test
  void aFailedPodIsReplacedAfterTheBackOffUntilTheBackoffLimitThenFailureTargetComesBeforeFailed(
      TestInfo test) {
    start(RunScript.always(RunOutcome.failed(1, "npm ERR! code ETIMEDOUT\n", QUICK)), test);

    client.batch().v1().jobs().inNamespace(ns).resource(job("build-1", spec -> spec.withBackoffLimit(2))).create();
    Job failed = awaitTerminal("build-1");

    assertThat(failed.getStatus().getFailed()).isEqualTo(3);
    assertThat(failed.getStatus().getConditions()).extracting(JobCondition::getType, JobCondition::getReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("FailureTarget", "BackoffLimitExceeded"),
            org.assertj.core.groups.Tuple.tuple("Failed", "BackoffLimitExceeded"));
    List<List<String>> states = log.job("build-1").stream().map(WatchLog::conditionTypes).distinct().toList();
    assertThat(states).as("FailureTarget is written before Failed").containsSubsequence(
        List.of("FailureTarget"), List.of("FailureTarget", "Failed"));
    assertThat(log.job("build-1")).extracting(j -> j.getStatus() == null ? null : j.getStatus().getFailed())
        .as("each failure counted before the next pod").containsSubsequence(1, 2, 3);

    List<Pod> pods = pods("build-1");
    assertThat(pods).hasSize(3).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Failed"));
    List<Long> created = log.podsOf("build-1").stream().filter(s -> s.action() == Action.ADDED)
        .map(Seen::nanoTime).toList();
    assertThat(created).hasSize(3);
    assertThat(Duration.ofNanos(created.get(1) - created.get(0)))
        .as("10 s back-off after the first failure, at speed 20").isGreaterThanOrEqualTo(Duration.ofMillis(450));
    assertThat(Duration.ofNanos(created.get(2) - created.get(1)))
        .as("20 s after the second").isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(events("build-1", "SuccessfulCreate")).hasSize(3);
    assertThat(events("build-1", "BackoffLimitExceeded")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("Job has reached the specified backoff limit"));
  }

  @Test
  void eachPodOfAJobCanEndItsOwnWayAndALaterPodCompletesIt(TestInfo test) {
    start(RunScript.always(RunOutcome.failed(1, "flaky\n", QUICK).then(RunOutcome.succeeded("ok\n", QUICK))), test);

    client.batch().v1().jobs().inNamespace(ns).resource(job("build-2", spec -> spec.withBackoffLimit(6))).create();
    Job complete = awaitTerminal("build-2");

    assertThat(complete.getStatus().getFailed()).isEqualTo(1);
    assertThat(complete.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(complete.getStatus().getCompletionTime()).isNotNull();
    assertThat(conditionTypes(complete)).containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(log.job("build-2").stream().map(WatchLog::conditionTypes).distinct().toList())
        .containsSubsequence(List.of("SuccessCriteriaMet"), List.of("SuccessCriteriaMet", "Complete"));
    assertThat(pods("build-2")).extracting(p -> p.getStatus().getPhase())
        .containsExactlyInAnyOrder("Failed", "Succeeded");
  }

  @Test
  void atTheDeadlineTheRunningPodIsStoppedAndRemovedBeforeTheJobFails(TestInfo test) {
    start(RunScript.always(RunOutcome.succeeded("still compiling\n", FOREVER)), test);

    client.batch().v1().jobs().inNamespace(ns)
        .resource(job("build-3", spec -> spec.withBackoffLimit(0).withActiveDeadlineSeconds(2L))).create();
    Job failed = awaitTerminal("build-3");

    assertThat(failed.getStatus().getConditions()).extracting(JobCondition::getType, JobCondition::getReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("FailureTarget", "DeadlineExceeded"),
            org.assertj.core.groups.Tuple.tuple("Failed", "DeadlineExceeded"));
    assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    assertThat(failed.getStatus().getTerminating()).isZero();
    Job interim = log.job("build-3").stream().filter(j -> conditionTypes(j).equals(List.of("FailureTarget")))
        .findFirst().orElseThrow();
    assertThat(interim.getStatus().getTerminating()).as("the pod is terminating under FailureTarget").isEqualTo(1);

    long removed = podRemoval();
    Pod stopped = log.podStatesOf("build-3").stream()
        .filter(p -> container(p, "build").getState().getTerminated() != null).findFirst().orElseThrow();
    assertThat(stopped.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(stopped.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(container(stopped, "build").getState().getTerminated().getExitCode())
        .as("stopped by SIGTERM").isEqualTo(143);
    long jobFailed = log.version(s -> s.object() instanceof Job j && conditionTypes(j).contains("Failed"));
    assertThat(removed).as("the pod is gone before Failed").isBetween(0L, jobFailed);
    assertThat(pods("build-3")).as("the evidence is gone unless read in time").isEmpty();
    assertThat(events("build-3", "SuccessfulDelete")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("Deleted pod: " + stopped.getMetadata().getName()));
    assertThat(events("build-3", "DeadlineExceeded")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("Job was active longer than specified deadline"));
  }

  @Test
  void underOnFailureTheContainerRestartsInPlaceWithItsLastStateAndThePreviousLog(TestInfo test) {
    start(RunScript.always(RunOutcome.oomKilled("first instance\n", QUICK).then(
        RunOutcome.oomKilled("second instance\n", QUICK), RunOutcome.succeeded("third instance\n", QUICK))), test);

    client.batch().v1().jobs().inNamespace(ns).resource(job("build-4", spec -> spec.withBackoffLimit(6)
        .editTemplate().editSpec().withRestartPolicy("OnFailure").endSpec().endTemplate())).create();
    Job complete = awaitTerminal("build-4");

    assertThat(conditionTypes(complete)).containsExactly("SuccessCriteriaMet", "Complete");
    Pod pod = pods("build-4").get(0);
    assertThat(pods("build-4")).as("one pod, restarted in place").hasSize(1);
    ContainerStatus build = container(pod, "build");
    assertThat(build.getRestartCount()).isEqualTo(2);
    assertThat(build.getState().getTerminated().getExitCode()).isZero();
    assertThat(build.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(build.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    var logs = client.pods().inNamespace(ns).withName(pod.getMetadata().getName());
    assertThat(logs.getLog()).isEqualTo("third instance\n");
    assertThat(logs.terminated().getLog()).as("previous=true").isEqualTo("second instance\n");

    await().atMost(Duration.ofSeconds(10)).until(() -> log.podStatesOf("build-4").stream()
        .anyMatch(p -> "Succeeded".equals(p.getStatus().getPhase())));
    List<ContainerStatus> seen = log.podStatesOf("build-4").stream().map(p -> container(p, "build")).toList();
    assertThat(seen).anySatisfy(c -> {
      assertThat(c.getState().getWaiting()).isNotNull();
      assertThat(c.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
      assertThat(c.getState().getWaiting().getMessage()).startsWith("back-off 10s restarting failed container=build");
      assertThat(c.getRestartCount()).as("counts the restarts done so far").isEqualTo(1);
    });
    assertThat(events(pod.getMetadata().getName(), "BackOff")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).startsWith("Back-off restarting failed container build in pod "
          + pod.getMetadata().getName() + "_" + ns + "(");
      assertThat(e.getSource().getComponent()).isEqualTo("kubelet");
      assertThat(e.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{build}");
    });
  }

  @Test
  void underOnFailureTheControllerDeletesThePodAtTheBackoffLimitAndItsEvidenceGoesWithIt(TestInfo test) {
    start(RunScript.always(RunOutcome.oomKilled("Killed\n", QUICK).then(RunOutcome.oomKilled("Killed\n", FOREVER))),
        test);

    client.batch().v1().jobs().inNamespace(ns).resource(job("build-5", spec -> spec.withBackoffLimit(1)
        .editTemplate().editSpec().withRestartPolicy("OnFailure").endSpec().endTemplate())).create();
    Job failed = awaitTerminal("build-5");

    assertThat(failed.getStatus().getConditions()).extracting(JobCondition::getType, JobCondition::getReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("FailureTarget", "BackoffLimitExceeded"),
            org.assertj.core.groups.Tuple.tuple("Failed", "BackoffLimitExceeded"));
    long removed = podRemoval();
    List<Pod> states = log.podStatesOf("build-5");
    assertThat(states).as("the OOM kill is only in lastState, and only while the pod exists").anySatisfy(p -> {
      ContainerStatus build = container(p, "build");
      assertThat(build.getRestartCount()).isEqualTo(1);
      assertThat(build.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    });
    Pod stopped = states.stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null
        && container(p, "build").getState().getTerminated() != null).findFirst().orElseThrow();
    assertThat(container(stopped, "build").getState().getTerminated().getExitCode()).isEqualTo(143);
    assertThat(container(stopped, "build").getLastState().getTerminated().getExitCode()).isEqualTo(137);
    long jobFailed = log.version(s -> s.object() instanceof Job j && conditionTypes(j).contains("Failed"));
    assertThat(removed).isBetween(0L, jobFailed);
    assertThat(pods("build-5")).isEmpty();
  }

  @Test
  void ttlSecondsAfterFinishedDeletesTheJobInTheForegroundWithItsPods(TestInfo test) {
    start(RunScript.always(RunOutcome.failed(2, "error\n", QUICK)), test);

    client.batch().v1().jobs().inNamespace(ns)
        .resource(job("build-6", spec -> spec.withBackoffLimit(0).withTtlSecondsAfterFinished(0))).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> client.batch().v1().jobs().inNamespace(ns)
        .withName("build-6").get() == null);
    assertThat(log.job("build-6")).as("it finished first").anySatisfy(j -> assertThat(conditionTypes(j))
        .contains("Failed"));
    assertThat(log.job("build-6")).as("deleted in the foreground").anySatisfy(j -> {
      assertThat(j.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(j.getMetadata().getFinalizers()).contains("foregroundDeletion");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> pods("build-6").isEmpty());
    // The job controller syncs a Job a second after its pod changed (syncJobBatchPeriod), so the failed pod and its
    // log are there for that long (50 ms at speed 20) before the Job fails and takes them with it.
    long podFailed = log.podsOf("build-6").stream().filter(s -> ((Pod) s.object()).getStatus() != null
        && "Failed".equals(((Pod) s.object()).getStatus().getPhase())).findFirst().orElseThrow().nanoTime();
    long jobFailing = log.all().stream().filter(s -> s.object() instanceof Job j && !conditionTypes(j).isEmpty())
        .findFirst().orElseThrow().nanoTime();
    assertThat(Duration.ofNanos(jobFailing - podFailed)).as("the pod's failure reaches the Job after the batch period")
        .isGreaterThanOrEqualTo(Duration.ofMillis(35));
  }

  @Test
  void aJobDeletedInTheForegroundStaysUntilItsRunningPodHasStopped(TestInfo test) {
    start(RunScript.always(RunOutcome.succeeded("compiling\n", FOREVER)), test);
    client.batch().v1().jobs().inNamespace(ns).resource(job("build-7", spec -> spec.withBackoffLimit(0))).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> pods("build-7").size() == 1
        && pods("build-7").get(0).getStatus() != null
        && "Running".equals(pods("build-7").get(0).getStatus().getPhase()));

    client.batch().v1().jobs().inNamespace(ns).withName("build-7")
        .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

    Job deleting = client.batch().v1().jobs().inNamespace(ns).withName("build-7").get();
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(deleting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
    assertThat(pods("build-7")).singleElement()
        .satisfies(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());
    await().atMost(Duration.ofSeconds(10)).until(() -> client.batch().v1().jobs().inNamespace(ns)
        .withName("build-7").get() == null);
    assertThat(pods("build-7")).isEmpty();
    long podGone = podRemoval();
    await().atMost(Duration.ofSeconds(10)).until(() -> log.version(s -> s.object() instanceof Job
        && s.action() == Action.DELETED) > 0);
    long jobGone = log.version(s -> s.object() instanceof Job && s.action() == Action.DELETED);
    assertThat(podGone).isBetween(0L, jobGone);
  }

  @Test
  void nativeSidecarsRunAlongsideTheBuildAndAreStoppedWhenItEnds(TestInfo test) {
    start(RunScript.always(RunOutcome.failed(1, "BUILD FAILURE\n", Duration.ofMillis(400))), test);

    client.batch().v1().jobs().inNamespace(ns).resource(job("build-8", spec -> spec.withBackoffLimit(0)
        .editTemplate().editSpec().addNewInitContainer().withName("proxy").withImage("envoyproxy/envoy:v1.31.2")
        .withRestartPolicy("Always").endInitContainer().endSpec().endTemplate())).create();
    Job failed = awaitTerminal("build-8");

    assertThat(conditionTypes(failed)).containsExactly("FailureTarget", "Failed");
    List<Pod> states = log.podStatesOf("build-8");
    assertThat(states).as("the sidecar runs alongside the build").anySatisfy(p -> {
      assertThat(container(p, "proxy").getState().getRunning()).isNotNull();
      assertThat(container(p, "proxy").getStarted()).isTrue();
      assertThat(container(p, "build").getState().getRunning()).isNotNull();
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
    });
    Pod pod = pods("build-8").get(0);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(container(pod, "build").getState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(container(pod, "proxy").getState().getTerminated().getExitCode())
        .as("stopped by the kubelet, not the failure").isEqualTo(143);
  }

  @Test
  void aPodWhoseMainContainerPassesSucceedsWhateverItsSidecarExitsWith(TestInfo test) {
    start(RunScript.always(RunOutcome.succeeded("BUILD SUCCESS\n", QUICK).withSidecarExit(137)), test);

    client.batch().v1().jobs().inNamespace(ns).resource(job("build-9", spec -> spec.withBackoffLimit(0)
        .editTemplate().editSpec().addNewInitContainer().withName("proxy").withImage("envoyproxy/envoy:v1.31.2")
        .withRestartPolicy("Always").endInitContainer().endSpec().endTemplate())).create();

    assertThat(conditionTypes(awaitTerminal("build-9"))).containsExactly("SuccessCriteriaMet", "Complete");
    Pod pod = pods("build-9").get(0);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(container(pod, "proxy").getState().getTerminated().getExitCode()).isEqualTo(137);
  }

  @Test
  void aJobDeletedWhileItsPodRunsIsNotFinishedByTheController(TestInfo test) throws InterruptedException {
    start(RunScript.always(RunOutcome.succeeded("compiling\n", FOREVER)), test);
    client.batch().v1().jobs().inNamespace(ns).resource(job("build-10", spec -> spec.withBackoffLimit(0))).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> pods("build-10").size() == 1);

    client.batch().v1().jobs().inNamespace(ns).withName("build-10").delete();

    await().atMost(Duration.ofSeconds(10)).until(() -> pods("build-10").isEmpty());
    assertThat(kubelet.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(kubelet.finished()).isEqualTo(1);
    assertThatThrownBy(() -> client.pods().inNamespace(ns).withName("nope").getLog())
        .isInstanceOf(KubernetesClientException.class);
  }

  /** Waits until the watch has delivered the Job's terminal state. */
  private Job awaitTerminal(String name) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> log.job(name).stream()
        .anyMatch(j -> conditionTypes(j).stream().anyMatch(t -> t.equals("Failed") || t.equals("Complete"))));
    return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  /** The resourceVersion of the pod's removal, once the pod watch has delivered it. */
  private long podRemoval() {
    await().atMost(Duration.ofSeconds(10)).until(() -> log.version(s -> s.isPod() && s.action() == Action.DELETED) > 0);
    return log.version(s -> s.isPod() && s.action() == Action.DELETED);
  }

  private List<Pod> pods(String job) {
    return client.pods().inNamespace(ns).withLabel("job-name", job).list().getItems();
  }

  private List<Event> events(String about, String reason) {
    return client.v1().events().inNamespace(ns).withField("involvedObject.name", about).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }

  private Job job(String name, UnaryOperator<JobSpecBuilder> spec) {
    JobSpecBuilder base = new JobSpecBuilder()
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17")
        .withNewResources().addToLimits("memory", new Quantity("512Mi")).endResources().endContainer()
        .endSpec().endTemplate();
    return new JobBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withSpec(spec.apply(base).build()).build();
  }
}
