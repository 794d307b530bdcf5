package ai.rodytech.healer.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.IncidentSpec;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The incident store creates without reading, and hands out the copy its last write returned only when a watch
 * event says that copy is the latest: the event can come before the writing thread has the server's answer.
 */
class IncidentStoreTest {
  private static final String NS = "ci";
  private static final String PATH = "/apis/rodytech.ai/v1alpha1/namespaces/ci/pipelineincidents/backend-ci-build-1";

  private final TestCluster k8s = new TestCluster();
  private final KubernetesClient client = k8s.client;
  private final IncidentStore store = new IncidentStore(client);
  private final PipelineRecoveryPolicy policy = client.resource(policy()).create();

  @AfterEach
  void stop() {
    k8s.close();
  }

  @Test
  void aNewIncidentIsCreatedWithoutARead() {
    k8s.countFromHere();
    PipelineIncident created = store.getOrCreate(policy, "backend-ci-build-1", spec());

    assertThat(created.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("backend-build-healer"));
    assertThat(k8s.count("GET", PATH)).isZero();
    // The second time it exists: one create refused (AlreadyExists), one read.
    PipelineIncident again = store.getOrCreate(policy, "backend-ci-build-1", spec());
    assertThat(again.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(k8s.count("GET", PATH)).isEqualTo(1);
  }

  @Test
  void theLastWrittenCopyIsUsedOnlyForTheEventOfThatWrite() {
    PipelineIncident created = store.getOrCreate(policy, "backend-ci-build-1", spec());
    PipelineIncident written = store.edit(created, st -> st.outcome = "Healing").orElseThrow();
    k8s.countFromHere();

    assertThat(store.latest(written)).get().satisfies(i -> assertThat(i.getStatus().outcome).isEqualTo("Healing"));
    assertThat(k8s.count("GET", PATH)).as("the event is about the remembered write").isZero();

    // Another write lands (here by someone else); its event arrives before this store has seen its answer.
    PipelineIncident behind = client.resources(PipelineIncident.class).inNamespace(NS).withName("backend-ci-build-1")
        .get();
    behind.getStatus().outcome = "Healed";
    PipelineIncident newer = client.resource(behind).updateStatus();
    k8s.countFromHere();

    assertThat(store.latest(newer)).get().satisfies(i -> assertThat(i.getStatus().outcome).isEqualTo("Healed"));
    assertThat(k8s.count("GET", PATH)).as("an older remembered copy is not taken").isEqualTo(1);
  }

  private static PipelineRecoveryPolicy policy() {
    PipelineRecoveryPolicy policy = new PipelineRecoveryPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("backend-build-healer").withNamespace(NS).build());
    return policy;
  }

  private static IncidentSpec spec() {
    return new IncidentSpec("backend-ci-build", "backend-build-healer", "Job", "backend-ci-build-1");
  }
}
