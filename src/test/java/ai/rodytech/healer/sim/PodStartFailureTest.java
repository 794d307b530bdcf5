package ai.rodytech.healer.sim;

import static ai.rodytech.healer.sim.WatchLog.conditionTypes;
import static ai.rodytech.healer.sim.WatchLog.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pods that never start, as on a cluster: the API server refuses them (LimitRange, ResourceQuota, a webhook), so
 * the job controller records FailedCreate and the Job never starts; or the kubelet cannot pull the image, or the
 * scheduler cannot place the pod, so it stays Pending. Either way the Job stays active until its deadline.
 */
class PodStartFailureTest {
  /** Back-offs of 10 s take half a second; a deadline of 100 s, five. */
  private static final double SPEED = 20;
  private static final String DIGEST = "sha256:" + "e3".repeat(32);

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

  @AfterEach
  void stop() {
    cluster.setAdmission(null);
  }

  private void start(TestInfo test) {
    ns = test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 25);
    kubelet = CLUSTER.closeAfterTest(SimulatedKubelet.builder(cluster).namespaces(ns).speed(SPEED)
        .unpullableDigests(DIGEST)
        .script(RunScript.always(RunOutcome.succeeded("BUILD SUCCESS\n", Duration.ofMinutes(5)))).start());
  }

  @Test
  void aLimitRangeRefusesThePodSoTheJobRecordsFailedCreateNeverStartsAndFailsAtItsDeadline(TestInfo test) {
    start(test);
    client.resource(new LimitRangeBuilder().withNewMetadata().withName("ci-limits").withNamespace(ns).endMetadata()
        .withNewSpec().addNewLimit().withType("Container").addToMax("memory", new Quantity("1Gi")).endLimit()
        .endSpec().build()).create();

    client.resource(job("build-1", "2Gi", "maven:3.9-eclipse-temurin-17", 100L)).create();

    await().atMost(Duration.ofSeconds(10)).until(() -> events("build-1", "FailedCreate").size() >= 2);
    Job waiting = client.batch().v1().jobs().inNamespace(ns).withName("build-1").get();
    assertThat(waiting.getStatus().getStartTime()).as("the controller started the Job").isNotNull();
    assertThat(waiting.getStatus().getActive()).as("but no pod runs").isNull();
    assertThat(waiting.getStatus().getConditions()).isEmpty();
    assertThat(events("build-1", "FailedCreate")).allSatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getSource().getComponent()).isEqualTo("job-controller");
      assertThat(e.getMessage()).matches("Error creating: pods \"build-1-[a-z0-9]{5}\" is forbidden: maximum memory"
          + " usage per Container is 1Gi, but limit is 2Gi");
    });

    Job failed = awaitTerminal("build-1");
    assertThat(failed.getStatus().getConditions()).extracting(JobCondition::getType, JobCondition::getReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("FailureTarget", "DeadlineExceeded"),
            org.assertj.core.groups.Tuple.tuple("Failed", "DeadlineExceeded"));
    assertThat(failed.getStatus().getFailed()).isNull();
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void aQuotaOnPodsRefusesThePodOfASecondJobWithTheApiServersMessage(TestInfo test) throws Exception {
    start(test);
    client.resource(new ResourceQuotaBuilder().withNewMetadata().withName("ci-quota").withNamespace(ns)
        .endMetadata().withNewSpec().addToHard("pods", new Quantity("1")).endSpec().build()).create();
    client.resource(job("build-2", "512Mi", "maven:3.9-eclipse-temurin-17", null)).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace(ns).list().getItems().size() == 1);

    client.resource(job("build-3", "512Mi", "maven:3.9-eclipse-temurin-17", null)).create();

    await().atMost(Duration.ofSeconds(10)).until(() -> !events("build-3", "FailedCreate").isEmpty());
    assertThat(events("build-3", "FailedCreate").get(0).getMessage()).matches("Error creating: pods"
        + " \"build-3-[a-z0-9]{5}\" is forbidden: exceeded quota: ci-quota, requested: pods=1, used: pods=1,"
        + " limited: pods=1");
    assertThat(kubelet.awaitIdle(Duration.ofSeconds(1))).as("build-2 runs, build-3 waits for ever").isFalse();
  }

  @Test
  void aWebhookThatRefusesPodsButNotJobsHasTheSameEffect(TestInfo test) {
    start(test);
    cluster.setAdmission(AdmissionPolicy.deny(r -> r.isMainResourceOf("Pod"),
        "images must come from registry.example.com"));

    client.resource(job("build-4", "512Mi", "maven:3.9-eclipse-temurin-17", null)).create();

    await().atMost(Duration.ofSeconds(10)).until(() -> !events("build-4", "FailedCreate").isEmpty());
    assertThat(events("build-4", "FailedCreate").get(0).getMessage()).isEqualTo("Error creating: admission webhook"
        + " \"simulated-admission.rodytech.ai\" denied the request: images must come from registry.example.com");
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void anImageThatCannotBePulledLeavesThePodPendingInImagePullBackOffUntilTheDeadline(TestInfo test) {
    start(test);
    String image = "maven@" + DIGEST;

    client.resource(job("build-5", "512Mi", image, 100L)).create();

    await().atMost(Duration.ofSeconds(10)).until(() -> {
      List<Pod> pods = client.pods().inNamespace(ns).list().getItems();
      return pods.size() == 1 && container(pods.get(0), "build") != null
          && container(pods.get(0), "build").getState().getWaiting() != null
          && "ImagePullBackOff".equals(container(pods.get(0), "build").getState().getWaiting().getReason());
    });
    Pod pod = client.pods().inNamespace(ns).list().getItems().get(0);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    ContainerStatus build = container(pod, "build");
    assertThat(build.getState().getWaiting().getMessage()).isEqualTo("Back-off pulling image \"" + image + "\"");
    assertThat(build.getImageID()).isEmpty();
    Job active = client.batch().v1().jobs().inNamespace(ns).withName("build-5").get();
    assertThat(active.getStatus().getActive()).isEqualTo(1);
    assertThat(active.getStatus().getReady()).isZero();
    String podName = pod.getMetadata().getName();
    String reference = "docker.io/library/maven@" + DIGEST;
    assertThat(events(podName, "Failed")).extracting(Event::getMessage).contains(
        "Failed to pull image \"" + image + "\": rpc error: code = NotFound desc = failed to pull and unpack image \""
            + reference + "\": failed to resolve reference \"" + reference + "\": " + reference + ": not found",
        "Error: ErrImagePull", "Error: ImagePullBackOff");
    assertThat(events(podName, "BackOff")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getMessage()).isEqualTo("Back-off pulling image \"" + image + "\"");
      assertThat(e.getSource().getComponent()).isEqualTo("kubelet");
      assertThat(e.getSource().getHost()).isEqualTo("sim-node-1");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> events(podName, "Pulling").stream()
        .anyMatch(e -> e.getCount() >= 2));

    Job failed = awaitTerminal("build-5");
    assertThat(conditionTypes(failed)).containsExactly("FailureTarget", "Failed");
    assertThat(failed.getStatus().getConditions().get(1).getReason()).isEqualTo("DeadlineExceeded");
    assertThat(client.pods().inNamespace(ns).list().getItems()).as("the stuck pod is deleted at the deadline")
        .isEmpty();
  }

  @Test
  void aPodTheSchedulerCannotPlaceStaysPendingAndAJobWithoutDeadlineWaitsForEver(TestInfo test) throws Exception {
    ns = "unschedulable";
    kubelet = CLUSTER.closeAfterTest(SimulatedKubelet.builder(cluster).namespaces(ns).speed(SPEED)
        .script(RunScript.always(RunOutcome.unschedulable("0/1 nodes are available: 1 Insufficient memory."
            + " preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."))).start());

    client.resource(job("build-6", "64Gi", "maven:3.9-eclipse-temurin-17", null)).create();

    await().atMost(Duration.ofSeconds(10)).until(() -> kubelet.accepted() == 1);
    assertThat(kubelet.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(kubelet.finished()).isZero();
    Pod pod = client.pods().inNamespace(ns).list().getItems().get(0);
    assertThat(pod.getSpec().getNodeName()).isNull();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("PodScheduled");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("Unschedulable");
    });
    assertThat(events(pod.getMetadata().getName(), "FailedScheduling")).singleElement()
        .satisfies(e -> assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler"));
  }

  @Test
  void theApiServerDefaultsRequestsAndLimitRangeDefaultsAndWordsQuotaRefusals(TestInfo test) {
    ns = "pod-admission";
    client.resource(new LimitRangeBuilder().withNewMetadata().withName("defaults").withNamespace(ns).endMetadata()
        .withNewSpec().addNewLimit().withType("Container").addToDefault("memory", new Quantity("768Mi"))
        .addToDefaultRequest("cpu", new Quantity("250m")).endLimit().endSpec().build()).create();
    client.resource(new ResourceQuotaBuilder().withNewMetadata().withName("ci-memory").withNamespace(ns)
        .endMetadata().withNewSpec().addToHard("limits.memory", new Quantity("2Gi")).endSpec().build()).create();

    Pod first = client.resource(pod("first", Map.of("memory", "768Mi"), Map.of())).create();
    assertThat(first.getSpec().getContainers().get(0).getResources().getRequests())
        .as("requests default to limits, then the LimitRange's default request")
        .containsEntry("memory", new Quantity("768Mi")).containsEntry("cpu", new Quantity("250m"));
    Pod second = client.resource(pod("second", Map.of(), Map.of())).create();
    assertThat(second.getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("memory", new Quantity("768Mi"));

    assertThatThrownBy(() -> client.resource(pod("third", Map.of("memory", "1Gi"), Map.of())).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403))
        .hasMessageContaining("pods \"third\" is forbidden: exceeded quota: ci-memory, requested:"
            + " limits.memory=1Gi, used: limits.memory=1536Mi, limited: limits.memory=2Gi");
    client.resource(new ResourceQuotaBuilder().withNewMetadata().withName("ci-cpu").withNamespace(ns)
        .endMetadata().withNewSpec().addToHard("limits.cpu", new Quantity("4")).endSpec().build()).create();
    assertThatThrownBy(() -> client.resource(pod("fourth", Map.of("memory", "128Mi"), Map.of())).create())
        .hasMessageContaining("pods \"fourth\" is forbidden: failed quota: ci-cpu: must specify limits.cpu for:"
            + " build");
  }

  private Pod pod(String name, Map<String, String> limits, Map<String, String> requests) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("build").withImage("node:20")
        .withNewResources().endResources().endContainer().endSpec();
    Pod built = pod.build();
    var resources = built.getSpec().getContainers().get(0).getResources();
    limits.forEach((k, v) -> resources.getLimits().put(k, new Quantity(v)));
    requests.forEach((k, v) -> resources.getRequests().put(k, new Quantity(v)));
    return built;
  }

  private Job job(String name, String memory, String image, Long deadlineSeconds) {
    return new JobBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withBackoffLimit(0).withActiveDeadlineSeconds(deadlineSeconds)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage(image)
        .withNewResources().addToLimits("memory", new Quantity(memory)).endResources().endContainer()
        .endSpec().endTemplate().endSpec()
        .build();
  }

  private Job awaitTerminal(String name) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
      Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
      return job != null && conditionTypes(job).contains("Failed");
    });
    return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  private List<Event> events(String about, String reason) {
    return client.v1().events().inNamespace(ns).withField("involvedObject.name", about).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }
}
