package ai.rodytech.healer.sim;

import ai.rodytech.healer.testing.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A status written whole (a JSON patch adding /status, the simulated controllers' way), which the in-process API
 * server applies itself: the status changes and nothing else, at a new resourceVersion, with the writer's managed
 * fields, told to watches; a missing object is 404; an object being deleted survives it; admission can refuse it.
 */
class StatusWriteTest {
  private static final String JOB = "/apis/batch/v1/namespaces/ci/jobs/build-1";
  private static final String JSON_PATCH = "application/json-patch+json";

  private final TestCluster k8s = new TestCluster();
  private final InProcessCluster cluster = k8s.cluster;
  private final KubernetesClient client = k8s.client;

  @AfterEach
  void stop() {
    k8s.close();
  }

  private Job createJob() {
    return client.batch().v1().jobs().inNamespace("ci").resource(new JobBuilder().withNewMetadata()
        .withName("build-1").withNamespace("ci").addToLabels("app", "web").endMetadata().withNewSpec()
        .withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer()
        .withName("build").withImage("maven").endContainer().endSpec().endTemplate().endSpec().build()).create();
  }

  private static String setStatus(String status) {
    return "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + status + "}]";
  }

  @Test
  void theStatusChangesAndNothingElseAtANewVersionUnderTheWritersManager() {
    Job created = createJob();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (InProcessWatch watch = cluster.watch("/apis/batch/v1/namespaces/ci/jobs",
        (action, json) -> seen.add(action + " " + JsonBodies.tree(json).path("status").path("active").asText("-")))) {
      ClusterCalls.Answer answer = cluster.direct("PATCH", JOB + "/status", JSON_PATCH, setStatus("{\"active\":1}"),
          "kubelet/v1.31");

      assertThat(answer.code()).isEqualTo(200);
      Job stored = client.batch().v1().jobs().inNamespace("ci").withName("build-1").get();
      assertThat(stored.getStatus().getActive()).isEqualTo(1);
      assertThat(stored.getSpec()).isEqualTo(created.getSpec());
      assertThat(stored.getMetadata().getLabels()).isEqualTo(created.getMetadata().getLabels());
      assertThat(stored.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration());
      assertThat(Long.parseLong(stored.getMetadata().getResourceVersion()))
          .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
      assertThat(JsonBodies.tree(answer.body()).path("metadata").path("resourceVersion").asText())
          .as("the answer is the object stored").isEqualTo(stored.getMetadata().getResourceVersion());
      assertThat(stored.getMetadata().getManagedFields())
          .anySatisfy(f -> {
            assertThat(f.getManager()).isEqualTo("kubelet");
            assertThat(f.getSubresource()).isEqualTo("status");
          });
      Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> seen.contains("MODIFIED 1"));
      assertThat(seen).containsExactly("ADDED -", "MODIFIED 1");
    }
  }

  @Test
  void aMissingObjectIsNotFound() {
    ClusterCalls.Answer answer = cluster.direct("PATCH", JOB + "/status", JSON_PATCH, setStatus("{\"active\":1}"),
        "kubelet");

    assertThat(answer.code()).isEqualTo(404);
  }

  @Test
  void aPodBeingDeletedSurvivesItsStatusWrite() {
    // bound to a node, so that its deletion is graceful (an unbound pod goes at once)
    client.pods().inNamespace("ci").resource(new PodBuilder().withNewMetadata().withName("p").withNamespace("ci")
        .endMetadata().withNewSpec().withNodeName("node-1").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
        .build()).create();
    client.pods().inNamespace("ci").withName("p").withGracePeriod(30).delete();
    assertThat(client.pods().inNamespace("ci").withName("p").get().getMetadata().getDeletionTimestamp()).isNotNull();

    ClusterCalls.Answer answer = cluster.direct("PATCH", "/api/v1/namespaces/ci/pods/p/status", JSON_PATCH,
        setStatus("{\"phase\":\"Running\"}"), "kubelet");

    assertThat(answer.code()).isEqualTo(200);
    Pod pod = client.pods().inNamespace("ci").withName("p").get();
    assertThat(pod).isNotNull();
    assertThat(pod.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getMetadata().getFinalizers()).as("no finalizer of the server's own left behind").isNullOrEmpty();
  }

  @Test
  void admissionCanRefuseIt() {
    Job created = createJob();
    cluster.setAdmission(AdmissionPolicy.deny(r -> r.subresource().equals("status"), "no status today"));

    ClusterCalls.Answer answer = cluster.direct("PATCH", JOB + "/status", JSON_PATCH, setStatus("{\"active\":1}"),
        "kubelet");

    assertThat(answer.code()).isEqualTo(422);
    assertThat(answer.body()).contains("no status today");
    Job stored = client.batch().v1().jobs().inNamespace("ci").withName("build-1").get();
    assertThat(stored.getStatus() == null ? null : stored.getStatus().getActive()).isNull();
    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
  }

  @Test
  void onlyAWholeStatusIsTakenAsOne() {
    assertThat(SimulatedApiDispatcher.wholeStatus(JsonBodies.tree(setStatus("{\"active\":1}")))).isNotNull();
    assertThat(SimulatedApiDispatcher.wholeStatus(JsonBodies.tree(
        "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":{}}]"))).isNotNull();
    JsonNode[] others = {
        JsonBodies.tree("[{\"op\":\"add\",\"path\":\"/status/active\",\"value\":1}]"),
        JsonBodies.tree("[{\"op\":\"remove\",\"path\":\"/status\"}]"),
        JsonBodies.tree("[{\"op\":\"add\",\"path\":\"/status\",\"value\":1}]"),
        JsonBodies.tree(setStatus("{}").replace("]", ",{\"op\":\"add\",\"path\":\"/spec\",\"value\":{}}]")),
        JsonBodies.tree("{\"status\":{}}")};
    for (JsonNode other : others) {
      assertThat(SimulatedApiDispatcher.wholeStatus(other)).as(other.toString()).isNull();
    }
  }
}
