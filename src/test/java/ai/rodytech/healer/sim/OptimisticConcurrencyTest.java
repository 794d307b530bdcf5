package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicySpec;
import ai.rodytech.healer.api.PolicyStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** A write from a stale copy is refused with 409, as the API server does; a fresh one goes through. */
class OptimisticConcurrencyTest {

  @Test
  void aStatusWriteFromAStaleCopyIsAConflict() {
    try (InProcessCluster cluster = InProcessCluster.start(); KubernetesClient client = cluster.newClient()) {
      PipelineRecoveryPolicy policy = new PipelineRecoveryPolicy();
      policy.getMetadata().setName("p");
      policy.getMetadata().setNamespace("ci");
      policy.setSpec(new PolicySpec());
      policy.getSpec().setTargetPipeline("backend-ci-build");
      client.resource(policy).create();
      PipelineRecoveryPolicy first = client.resources(PipelineRecoveryPolicy.class).inNamespace("ci").withName("p").get();
      PipelineRecoveryPolicy second = client.resources(PipelineRecoveryPolicy.class).inNamespace("ci").withName("p").get();

      first.setStatus(new PolicyStatus());
      first.getStatus().setHealsAttempted(1L);
      client.resource(first).updateStatus();

      second.setStatus(new PolicyStatus());
      second.getStatus().setHealsSucceeded(5L);
      assertThatThrownBy(() -> client.resource(second).updateStatus())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(409);
            assertThat(e.getMessage()).contains("the object has been modified");
          });
      PipelineRecoveryPolicy stored = client.resources(PipelineRecoveryPolicy.class).inNamespace("ci").withName("p").get();
      assertThat(stored.getStatus().getHealsAttempted()).isEqualTo(1L);
      assertThat(stored.getStatus().getHealsSucceeded()).isZero();

      stored.getStatus().setHealsSucceeded(2L);
      assertThat(client.resource(stored).updateStatus().getStatus().getHealsSucceeded()).isEqualTo(2L);
    }
  }
}
