package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class LineageTest {

  @Test
  void anOriginalRunStartsItsOwnLineageNamedAfterItsUid() {
    Lineage lineage = Lineage.of(new JobBuilder().withNewMetadata().withName("backend-ci-build-1").withUid("u-1")
        .endMetadata().build());
    assertThat(lineage).isEqualTo(new Lineage("backend-ci-build-1", "u-1", 0));
    assertThat(lineage.isRetry()).isFalse();
    String hash = Lineage.shortHash("u-1");
    assertThat(lineage.runName(1)).isEqualTo("backend-ci-build-1-" + hash + "-heal-1");
    assertThat(lineage.incidentName()).isEqualTo("backend-ci-build-1-" + hash);
  }

  @Test
  void aRunReCreatedUnderTheSameNameStartsAnotherLineage() {
    Lineage first = new Lineage("backend-ci-build-1", "u-1", 0);
    Lineage second = new Lineage("backend-ci-build-1", "u-2", 0);
    assertThat(second.incidentName()).isNotEqualTo(first.incidentName());
    assertThat(second.runName(1)).isNotEqualTo(first.runName(1));
  }

  @Test
  void aRetryReadsItsLineageFromAnnotations() {
    Lineage lineage = Lineage.of(new JobBuilder().withNewMetadata().withName("x-abc123-heal-2").withUid("u-9")
        .addToAnnotations(Labels.RETRY_OF, "x").addToAnnotations(Labels.ROOT_UID, "u-1")
        .addToAnnotations(Labels.ATTEMPT, "2").endMetadata().build());
    assertThat(lineage).isEqualTo(new Lineage("x", "u-1", 2));
    assertThat(lineage.runName(3)).isEqualTo("x-" + Lineage.shortHash("u-1") + "-heal-3");
  }

  @Test
  void longNamesAreShortenedDeterministicallyWithinSixtyThreeCharacters() {
    String root = "a-very-long-pipeline-name-that-goes-on-and-on-and-on-1234567890";
    Lineage lineage = new Lineage(root, "u-1", 0);
    String name = lineage.runName(12);
    assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-heal-12").isEqualTo(lineage.runName(12));
    assertThat(lineage.incidentName()).hasSizeLessThanOrEqualTo(63);
    assertThat(name).isNotEqualTo(new Lineage(root, "u-2", 0).runName(12));
  }
}
