package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DELETE as the API server and the garbage collector carry it out: graceful deletion of pods, finalizers,
 * propagation (Background, Foreground, Orphan, and the Job's orphaning default), UID preconditions. No kubelet
 * runs here: the test plays it where a pod's deletion needs one.
 */
class DeletionTest {
  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private KubernetesClient client;
  private String ns;

  @BeforeEach
  void connect(TestInfo test) {
    client = CLUSTER.client();
    ns = test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 20);
  }

  @Test
  void aPodOnANodeIsDeletedGracefullyAndGoesWithTheKubeletsFinalDelete() {
    client.resource(pod("build-1-abcde", "sim-node-1", null)).create();

    client.pods().inNamespace(ns).withName("build-1-abcde").delete();

    Pod terminating = client.pods().inNamespace(ns).withName("build-1-abcde").get();
    assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30);
    assertThat(Instant.parse(terminating.getMetadata().getDeletionTimestamp()))
        .isBetween(Instant.now().plusSeconds(25), Instant.now().plusSeconds(31));
    client.pods().inNamespace(ns).withName("build-1-abcde").edit(p -> new PodBuilder(p).editMetadata()
        .addToLabels("seen", "by-the-kubelet").endMetadata().build());
    assertThat(client.pods().inNamespace(ns).withName("build-1-abcde").get())
        .as("an update neither removes it nor clears its deletion mark")
        .satisfies(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());

    client.pods().inNamespace(ns).withName("build-1-abcde").withGracePeriod(0).delete();

    assertThat(client.pods().inNamespace(ns).withName("build-1-abcde").get()).isNull();
  }

  @Test
  void aPodNotOnANodeOrAlreadyTerminatedGoesAtOnce() {
    client.resource(pod("pending-abcde", null, null)).create();
    client.resource(pod("done-abcde", "sim-node-1", null)).create();
    client.pods().inNamespace(ns).withName("done-abcde").editStatus(p -> new PodBuilder(p).withNewStatus()
        .withPhase("Failed").endStatus().build());

    client.pods().inNamespace(ns).withName("pending-abcde").delete();
    client.pods().inNamespace(ns).withName("done-abcde").delete();

    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void aJobDeletedInTheBackgroundTakesItsPodsWithIt() {
    Job job = client.resource(job("build-2")).create();
    client.resource(pod("build-2-abcde", null, job)).create();

    client.batch().v1().jobs().inNamespace(ns).withName("build-2").withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();

    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("build-2").get()).isNull();
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void aJobDeletedWithoutAPolicyOrphansItsPodsWithTheApiServersWarning() throws Exception {
    Job job = client.resource(job("build-3")).create();
    client.resource(pod("build-3-abcde", null, job)).create();

    HttpResponse<String> response = send("DELETE", "/apis/batch/v1/namespaces/" + ns + "/jobs/build-3");

    assertThat(response.code()).isEqualTo(200);
    assertThat(response.header("Warning")).contains("child pods are preserved by default when jobs are deleted");
    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("build-3").get()).isNull();
    Pod orphan = client.pods().inNamespace(ns).withName("build-3-abcde").get();
    assertThat(orphan.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void aJobDeletedInTheForegroundStaysMarkedUntilItsBlockingPodsAreGone() {
    Job job = client.resource(job("build-4")).create();
    client.resource(pod("build-4-abcde", "sim-node-1", job)).create();

    client.batch().v1().jobs().inNamespace(ns).withName("build-4").withPropagationPolicy(DeletionPropagation.FOREGROUND)
        .delete();

    Job deleting = client.batch().v1().jobs().inNamespace(ns).withName("build-4").get();
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(deleting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
    assertThat(client.pods().inNamespace(ns).withName("build-4-abcde").get().getMetadata().getDeletionTimestamp())
        .as("the pod on a node is being stopped").isNotNull();

    client.pods().inNamespace(ns).withName("build-4-abcde").withGracePeriod(0).delete();

    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("build-4").get()).isNull();
  }

  @Test
  void anObjectWithAFinalizerStaysUntilItIsRemoved() {
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("lock").withNamespace(ns)
        .addToFinalizers("example.com/cleanup").endMetadata().build()).create();

    client.configMaps().inNamespace(ns).withName("lock").delete();
    assertThat(client.configMaps().inNamespace(ns).withName("lock").get().getMetadata().getDeletionTimestamp())
        .isNotNull();

    client.configMaps().inNamespace(ns).withName("lock").edit(c -> new ConfigMapBuilder(c).editMetadata()
        .withFinalizers(List.of()).endMetadata().build());
    assertThat(client.configMaps().inNamespace(ns).withName("lock").get()).isNull();
  }

  @Test
  void aDeleteWhosePreconditionNamesAnotherUidIsAConflict() throws Exception {
    client.resource(job("build-5")).create();

    HttpResponse<String> response = send("DELETE", "/apis/batch/v1/namespaces/" + ns + "/jobs/build-5",
        "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\",\"preconditions\":{\"uid\":\"an-older-build-5\"}}");

    assertThat(response.code()).isEqualTo(409);
    assertThat(response.body()).contains("Precondition failed: UID in precondition: an-older-build-5");
    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("build-5").get()).isNotNull();
  }

  @Test
  void aRemovedPodTakesItsLogsAndItsDeletedEventCarriesANewResourceVersion() {
    Pod created = client.resource(pod("build-6-abcde", null, null)).create();
    CLUSTER.cluster().podLogs().put(ns, "build-6-abcde", "build", "BUILD FAILURE\n");

    try (WatchLog log = new WatchLog(client, ns)) {
      client.pods().inNamespace(ns).withName("build-6-abcde").delete();

      await().atMost(Duration.ofSeconds(10)).until(() -> log.version(s -> s.action() == Action.DELETED) > 0);
      assertThat(log.version(s -> s.action() == Action.DELETED))
          .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
    }
    assertThat(CLUSTER.cluster().podLogs().get(ns, "build-6-abcde", "build")).isEmpty();
    assertThatThrownBy(() -> client.pods().inNamespace(ns).withName("build-6-abcde").getLog())
        .isInstanceOf(KubernetesClientException.class);
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return send(method, path, "{}");
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    var http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder()
        .uri(CLUSTER.cluster().url().replaceAll("/$", "") + path)
        .method(method, "application/json", body)
        .build();
    return http.sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
  }

  private Job job(String name) {
    return new JobBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17").endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  private Pod pod(String name, String node, Job owner) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withNodeName(node).withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17").endContainer().endSpec();
    if (owner != null) {
      pod.editMetadata().addNewOwnerReference().withApiVersion("batch/v1").withKind("Job")
          .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
          .withBlockOwnerDeletion(true).endOwnerReference().endMetadata();
    }
    return pod.build();
  }
}
