package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class LineageTest {

  @Test
  void anOriginalRunStartsItsOwnLineage() {
    Lineage lineage = Lineage.of(new JobBuilder().withNewMetadata().withName("backend-ci-build-1").endMetadata().build());
    assertThat(lineage).isEqualTo(new Lineage("backend-ci-build-1", 0));
    assertThat(lineage.isRetry()).isFalse();
    assertThat(lineage.runName(1)).isEqualTo("backend-ci-build-1-heal-1");
  }

  @Test
  void aRetryReadsItsLineageFromAnnotations() {
    Lineage lineage = Lineage.of(new JobBuilder().withNewMetadata().withName("x-heal-2")
        .addToAnnotations(Labels.RETRY_OF, "x").addToAnnotations(Labels.ATTEMPT, "2").endMetadata().build());
    assertThat(lineage).isEqualTo(new Lineage("x", 2));
    assertThat(lineage.runName(3)).isEqualTo("x-heal-3");
  }

  @Test
  void longNamesAreShortenedDeterministicallyWithinSixtyThreeCharacters() {
    String root = "a-very-long-pipeline-name-that-goes-on-and-on-and-on-1234567890";
    Lineage lineage = new Lineage(root, 0);
    String name = lineage.runName(12);
    assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-heal-12").isEqualTo(lineage.runName(12));
    assertThat(name).isNotEqualTo(new Lineage(root + "x", 0).runName(12));
  }
}
