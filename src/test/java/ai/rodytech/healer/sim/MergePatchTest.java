package ai.rodytech.healer.sim;

import ai.rodytech.healer.testing.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JSON merge patch as RFC 7386 and the API server have it, alone and through the in-process cluster. */
class MergePatchTest {
  private final TestCluster k8s = new TestCluster();
  private final InProcessCluster cluster = k8s.cluster;
  private final KubernetesClient client = k8s.client;

  @AfterEach
  void stop() {
    k8s.close();
  }

  @Test
  void objectsMergeNullRemovesAndAnythingElseArraysIncludedReplaces() {
    assertThat(MergePatch.apply(JsonBodies.tree("{\"a\":{\"b\":1,\"c\":2},\"list\":[1,2],\"gone\":true,\"kept\":\"k\"}"),
        JsonBodies.tree("{\"a\":{\"b\":null,\"d\":3},\"list\":[3],\"gone\":null,\"new\":{\"x\":null,\"y\":1}}")))
        .isEqualTo(JsonBodies.tree("{\"a\":{\"c\":2,\"d\":3},\"list\":[3],\"kept\":\"k\",\"new\":{\"y\":1}}"));
    assertThat(MergePatch.apply(JsonBodies.tree("{\"a\":1}"), JsonBodies.tree("[1]")))
        .as("a patch that is not an object replaces the whole").isEqualTo(JsonBodies.tree("[1]"));
  }

  @Test
  void aMergePatchThroughTheClusterReplacesListsAndRemovesNulledFields() {
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("ci")
        .withLabels(Map.of("team", "platform", "tier", "ci")).withFinalizers("example.com/a", "example.com/b")
        .endMetadata().withData(Map.of("mode", "fast")).build()).create();

    ConfigMap patched = client.configMaps().inNamespace("ci").withName("settings").patch(
        PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"labels\":{\"tier\":null},\"finalizers\":[\"example.com/c\"]},\"data\":{\"size\":\"2\"}}");
    ConfigMap read = client.configMaps().inNamespace("ci").withName("settings").get();

    for (ConfigMap seen : List.of(patched, read)) {
      assertThat(seen.getMetadata().getLabels()).containsExactly(Map.entry("team", "platform"));
      assertThat(seen.getMetadata().getFinalizers()).containsExactly("example.com/c");
      assertThat(seen.getData()).containsOnly(Map.entry("mode", "fast"), Map.entry("size", "2"));
    }
    String stored = client.raw(cluster.url() + "api/v1/namespaces/ci/configmaps/settings");
    assertThat(stored).as("no field stored as null").doesNotContain("\"tier\"").doesNotContain("null");
  }

  @Test
  void aMergePatchOfTheStatusChangesTheStatusOnly() {
    Job job = client.batch().v1().jobs().inNamespace("ci").resource(new io.fabric8.kubernetes.api.model.batch.v1
        .JobBuilder().withNewMetadata().withName("build-1").withNamespace("ci").endMetadata().withNewSpec()
        .withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer()
        .withName("build").withImage("maven").endContainer().endSpec().endTemplate().endSpec().build()).create();

    client.batch().v1().jobs().inNamespace("ci").withName("build-1").subresource("status").patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"backoffLimit\":6},\"status\":{\"active\":1}}");
    Job read = client.batch().v1().jobs().inNamespace("ci").withName("build-1").get();

    assertThat(read.getStatus().getActive()).isEqualTo(1);
    assertThat(read.getSpec().getBackoffLimit()).as("a status write leaves the spec").isZero();
    assertThat(read.getMetadata().getResourceVersion()).isNotEqualTo(job.getMetadata().getResourceVersion());
  }

  @Test
  void aMergePatchCarryingAnOldResourceVersionIsAConflictAndTheCurrentOneApplies() {
    ConfigMap created = client.resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .withNamespace("ci").endMetadata().withData(Map.of("mode", "fast")).build()).create();
    String first = created.getMetadata().getResourceVersion();
    client.configMaps().inNamespace("ci").withName("settings").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"data\":{\"mode\":\"slow\"}}");

    var stale = org.assertj.core.api.Assertions.catchThrowableOfType(
        io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> client.configMaps().inNamespace("ci").withName("settings").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"resourceVersion\":\"" + first + "\"},\"data\":{\"mode\":\"stale\"}}"));
    assertThat(stale.getCode()).isEqualTo(409);
    assertThat(stale.getStatus().getMessage()).contains("the object has been modified");
    ConfigMap read = client.configMaps().inNamespace("ci").withName("settings").get();
    assertThat(read.getData()).containsEntry("mode", "slow");

    ConfigMap current = client.configMaps().inNamespace("ci").withName("settings").patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"resourceVersion\":\""
            + read.getMetadata().getResourceVersion() + "\"},\"data\":{\"mode\":\"current\"}}");
    assertThat(current.getData()).containsEntry("mode", "current");
    assertThat(current.getMetadata().getResourceVersion()).isNotEqualTo(read.getMetadata().getResourceVersion());
  }

  @Test
  void aMergePatchOfNothingStoredIsNotFound() {
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
        io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> client.configMaps().inNamespace("ci").withName("missing").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"data\":{\"a\":\"b\"}}")).getCode()).isEqualTo(404);
  }
}
