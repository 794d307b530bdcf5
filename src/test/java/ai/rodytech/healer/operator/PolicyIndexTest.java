package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.HealingStrategy;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicySpec;
import ai.rodytech.healer.operator.PolicyIndex.Coverage;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a remembering index answers, and when it asks the cache again. */
class PolicyIndexTest {
  private static final String NS = "ci";
  private final List<PipelineRecoveryPolicy> cached = new ArrayList<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final PolicyIndex index = PolicyIndex.remembering(ns -> {
    reads.incrementAndGet();
    return ns.equals(NS) ? List.copyOf(cached) : List.of();
  });

  @Test
  void manyQuestionsReadTheCacheOncePerChange() {
    cached.add(policy("backend-healer", "backend-ci-build", 1));
    cached.add(policy("frontend-healer", "frontend", 1));
    index.changed();

    for (int i = 0; i < 100; i++) {
      assertThat(index.coverage(job("backend-ci-build-" + i), Optional.empty()))
          .isInstanceOfSatisfying(Coverage.Covered.class, c -> assertThat(c.pipeline()).isEqualTo("backend-ci-build"));
      assertThat(index.targets(NS)).containsExactlyInAnyOrder("backend-ci-build", "frontend");
    }
    assertThat(index.coverage(job("docs-1"), Optional.empty())).isInstanceOf(Coverage.None.class);

    assertThat(reads).hasValue(1);
  }

  @Test
  void aChangeIsSeenOnceItIsReported() {
    cached.add(policy("backend-healer", "backend-ci-build", 1));
    index.changed();
    assertThat(index.coverage(job("backend-ci-build-1"), Optional.empty())).isInstanceOf(Coverage.Covered.class);

    // A second policy for the same pipeline, then an invalid one for another: each seen after changed().
    cached.add(policy("backend-healer-2", "backend-ci-build", 1));
    cached.add(policy("web-healer", "web", 0));
    index.changed();
    assertThat(index.coverage(job("backend-ci-build-2"), Optional.empty())).isInstanceOfSatisfying(
        Coverage.Conflict.class, c -> assertThat(c.policies()).hasSize(2));
    assertThat(index.coverage(job("web-7"), Optional.empty())).isInstanceOf(Coverage.Invalid.class);

    cached.clear();
    index.changed();
    assertThat(index.coverage(job("backend-ci-build-3"), Optional.empty())).isInstanceOf(Coverage.None.class);
    assertThat(index.targets(NS)).isEmpty();
  }

  @Test
  void anIndexThatDoesNotRememberReadsEveryTime() {
    AtomicInteger plainReads = new AtomicInteger();
    PolicyIndex plain = new PolicyIndex(ns -> {
      plainReads.incrementAndGet();
      return List.copyOf(cached);
    });
    cached.add(policy("backend-healer", "backend-ci-build", 1));
    assertThat(plain.coverage(job("backend-ci-build-1"), Optional.empty())).isInstanceOf(Coverage.Covered.class);
    cached.clear();
    assertThat(plain.coverage(job("backend-ci-build-1"), Optional.empty())).isInstanceOf(Coverage.None.class);
    assertThat(plainReads).hasValue(2);
  }

  private static PipelineRecoveryPolicy policy(String name, String target, int failureThreshold) {
    PipelineRecoveryPolicy policy = new PipelineRecoveryPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withUid(name + "-uid").build());
    PolicySpec spec = new PolicySpec();
    spec.setTargetPipeline(target);
    spec.setFailureThreshold(failureThreshold);
    spec.setAllowedStrategies(List.of(HealingStrategy.RETRY_STAGE));
    policy.setSpec(spec);
    return policy;
  }

  private static Job job(String name) {
    return new JobBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().build();
  }
}
