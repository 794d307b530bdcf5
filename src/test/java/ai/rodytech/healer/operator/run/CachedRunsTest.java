package ai.rodytech.healer.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachedRunsTest {
  private final CachedRuns cloner = new CachedRuns(Set.of(Job.class), new KubernetesSerialization()::clone);

  @Test
  void runsAreHandedOverAsCached() {
    Job job = new JobBuilder().withNewMetadata().withName("build-1").withNamespace("ci").endMetadata().build();
    assertThat(cloner.clone(job)).isSameAs(job);
  }

  @Test
  void everythingElseIsCloned() {
    PipelineRecoveryPolicy policy = new PipelineRecoveryPolicy();
    policy.getMetadata().setName("p");
    PipelineRecoveryPolicy clone = cloner.clone(policy);
    assertThat(clone).isNotSameAs(policy);
    assertThat(clone.getMetadata().getName()).isEqualTo("p");
  }
}
