package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** The operator's client reads each short string value once; what it reads is what fabric8 reads. */
class OperatorClientTest {
  private static final String LONG = "x".repeat(OperatorClient.SHARED_MAX_LENGTH + 1);

  private static String pod(String name) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"ci",
         "labels":{"job-name":"backend-ci-build-1","team":"platform"}},
         "spec":{"containers":[{"name":"build","image":"node:20","args":["npm","ci","%s"]}]},
         "status":{"phase":"Failed","conditions":[{"type":"Ready","status":"False",
         "lastTransitionTime":"2026-12-06T21:00:00Z","message":"%s"}],"hostIP":"10.0.0.1"}}
        """.formatted(name, LONG, LONG);
  }

  @Test
  void managedFieldsAreNeitherReadNorWritten() {
    String withManagedFields = """
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"backend-ci-build-1","namespace":"ci",
         "managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"batch/v1",
          "time":"2026-12-06T21:00:09Z","fieldsType":"FieldsV1","subresource":"status",
          "fieldsV1":{"f:status":{"f:conditions":{},"f:failed":{},"f:startTime":{}}}}],
         "labels":{"team":"platform"}},
         "spec":{"backoffLimit":0}}
        """;
    try (KubernetesClient client = OperatorClient.build(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())) {
      KubernetesSerialization json = client.getKubernetesSerialization();
      io.fabric8.kubernetes.api.model.batch.v1.Job job =
          json.unmarshal(withManagedFields, io.fabric8.kubernetes.api.model.batch.v1.Job.class);

      assertThat(job.getMetadata().getManagedFields()).isNullOrEmpty();
      assertThat(job.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields");
      assertThat(job.getMetadata().getLabels()).containsEntry("team", "platform");
      assertThat(job.getSpec().getBackoffLimit()).isZero();

      job.getMetadata().setManagedFields(new KubernetesSerialization().unmarshal(withManagedFields,
          io.fabric8.kubernetes.api.model.batch.v1.Job.class).getMetadata().getManagedFields());
      assertThat(job.getMetadata().getManagedFields()).hasSize(1);
      assertThat(json.asJson(job)).doesNotContain("managedFields").contains("\"team\":\"platform\"");
    }
  }

  @Test
  void repeatedShortValuesAreOneStringAndLongOnesAreLeftAlone() {
    try (KubernetesClient client = OperatorClient.build(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())) {
      KubernetesSerialization json = client.getKubernetesSerialization();
      Pod first = json.unmarshal(pod("pod-a"), Pod.class);
      Pod second = json.unmarshal(pod("pod-b"), Pod.class);

      assertThat(second.getMetadata().getNamespace()).isSameAs(first.getMetadata().getNamespace());
      assertThat(second.getMetadata().getLabels().get("team")).isSameAs(first.getMetadata().getLabels().get("team"));
      assertThat(second.getSpec().getContainers().get(0).getImage())
          .isSameAs(first.getSpec().getContainers().get(0).getImage());
      assertThat(second.getSpec().getContainers().get(0).getArgs().get(0))
          .isSameAs(first.getSpec().getContainers().get(0).getArgs().get(0));
      assertThat(second.getStatus().getConditions().get(0).getLastTransitionTime())
          .isSameAs(first.getStatus().getConditions().get(0).getLastTransitionTime());
      assertThat(second.getStatus().getConditions().get(0).getMessage())
          .isEqualTo(LONG).isNotSameAs(first.getStatus().getConditions().get(0).getMessage());

      // The same object as fabric8's own reader makes of it.
      assertThat(second).isEqualTo(new KubernetesSerialization().unmarshal(pod("pod-b"), Pod.class));
    }
  }

  @Test
  void jsonIsReadStraightAwayAndAnythingElseAsFabric8ReadsIt() {
    KubernetesSerialization fabric8 = new KubernetesSerialization();
    String event = "\n  {\"type\":\"MODIFIED\",\"object\":" + pod("pod-a") + "}";
    String yaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: pod-y
          namespace: ci
        status:
          phase: Failed
        """;
    try (KubernetesClient client = OperatorClient.build(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())) {
      KubernetesSerialization json = client.getKubernetesSerialization();
      assertThat(json).isInstanceOf(OperatorClient.JsonFirst.class);

      WatchEvent read = json.unmarshal(event, WatchEvent.class);
      assertThat(read.getObject()).isInstanceOf(Pod.class)
          .isEqualTo(fabric8.unmarshal(event, WatchEvent.class).getObject());
      assertThat(json.unmarshal(yaml, Pod.class)).isEqualTo(fabric8.unmarshal(yaml, Pod.class))
          .extracting(p -> p.getStatus().getPhase()).isEqualTo("Failed");
      assertThat(json.unmarshal("[]", java.util.List.class)).isEmpty();
      assertThatThrownBy(() -> json.unmarshal("{\"kind\": \"Pod\", \"metadata\": {", Pod.class))
          .isInstanceOf(KubernetesClientException.class);
      assertThatThrownBy(() -> fabric8.unmarshal("{\"kind\": \"Pod\", \"metadata\": {", Pod.class))
          .as("fabric8 reports it the same way").isInstanceOf(KubernetesClientException.class);
    }
    assertThat(OperatorClient.JsonFirst.startsAsJson(" \t\r\n{}")).isTrue();
    assertThat(OperatorClient.JsonFirst.startsAsJson("[1]")).isTrue();
    assertThat(OperatorClient.JsonFirst.startsAsJson("kind: Pod")).isFalse();
    assertThat(OperatorClient.JsonFirst.startsAsJson("  ")).isFalse();
    assertThat(OperatorClient.JsonFirst.startsAsJson("\uFEFF{}")).as("a byte-order mark: fabric8's way").isFalse();
  }
  /**
   * An answer fabric8 received whole (an operation's object, a list) is read as text too, its managed fields cut
   * (a bare word inside them, which a parser would refuse, does not reach it); a stream still arriving, and YAML,
   * take fabric8's way.
   */
  @Test
  void answersReceivedWholeAreReadAsTextWithoutTheirManagedFields() {
    KubernetesSerialization fabric8 = new KubernetesSerialization();
    String list = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"9\"},"
        + "\"items\":[" + pod("pod-a") + "," + pod("pod-b") + "]}";
    String unreadable = list.replace("\"metadata\":{\"name\":\"pod-b\"",
        "\"metadata\":{\"managedFields\":[{\"manager\":unread}],\"name\":\"pod-b\"");
    var type = new com.fasterxml.jackson.core.type.TypeReference<io.fabric8.kubernetes.api.model.PodList>() {};
    try (KubernetesClient client = OperatorClient.build(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())) {
      KubernetesSerialization json = client.getKubernetesSerialization();

      var read = json.unmarshal(new java.io.ByteArrayInputStream(unreadable.getBytes()), type);
      assertThat(read).isEqualTo(fabric8.unmarshal(new java.io.ByteArrayInputStream(list.getBytes()), type));
      assertThat(read.getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("pod-a", "pod-b");
      String pod = pod("pod-b").replace("\"metadata\":{\"name\":\"pod-b\"",
          "\"metadata\":{\"managedFields\":[{\"manager\":unread}],\"name\":\"pod-b\"");
      assertThat(json.unmarshal(new java.io.ByteArrayInputStream(pod.getBytes()), Pod.class).getMetadata().getName())
          .as("read by class, as the heal's own calls read their answers").isEqualTo("pod-b");
      assertThatThrownBy(() -> json.unmarshal(new java.io.BufferedInputStream(
          new java.io.ByteArrayInputStream(unreadable.getBytes())), type)).as("a stream: fabric8's way")
          .isInstanceOf(KubernetesClientException.class);
      assertThat(json.unmarshal(new java.io.ByteArrayInputStream("kind: PodList\nitems: []\n".getBytes()), type)
          .getItems()).isEmpty();
    }
  }
}
