package ai.rodytech.healer.operator;

import ai.rodytech.healer.operator.run.job.JobKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PipelineResolverTest {
  private static final List<String> TARGETS = List.of("backend-ci-build", "backend-ci-build-arm", "frontend");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("label wins over name", job("frontend-1", "backend-ci-build", null, null), "backend-ci-build"),
        Arguments.of("label naming an untargeted pipeline", job("frontend-1", "other", null, null), "other"),
        Arguments.of("owning CronJob", job("nightly-28371", null, "backend-ci-build", null), "backend-ci-build"),
        Arguments.of("name with suffix", job("backend-ci-build-8f2k1", null, null, null), "backend-ci-build"),
        Arguments.of("exact name", job("frontend", null, null, null), "frontend"),
        Arguments.of("longest target wins", job("backend-ci-build-arm-77", null, null, null), "backend-ci-build-arm"),
        Arguments.of("generateName", job(null, null, null, "frontend-"), "frontend"),
        Arguments.of("prefix without dash is not a match", job("frontendx-1", null, null, null), null),
        Arguments.of("unrelated", job("docs-build-1", null, null, null), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolves(String name, Job job, String expected) {
    assertThat(PipelineResolver.pipelineOf(job, JobKind.owningCronJob(job), TARGETS)).isEqualTo(Optional.ofNullable(expected));
    assertThat(PipelineResolver.pipelineOf(job, JobKind.owningCronJob(job), new java.util.HashSet<>(TARGETS)))
        .as("targets as a set (looked up, not scanned)").isEqualTo(Optional.ofNullable(expected));
  }

  /** The index of runs by pipeline must list every run under the pipeline it resolves to, whatever the targets. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theResolvedPipelineIsAlwaysACandidate(String name, Job job, String expected) {
    Optional<String> declared = JobKind.owningCronJob(job);
    for (List<String> targets : List.<List<String>>of(TARGETS, List.of("backend", "backend-ci", "frontendx"), List.of("docs-build"),
        List.of("docs", "docs-build-1", "frontend-"), List.of())) {
      PipelineResolver.pipelineOf(job, declared, targets)
          .ifPresent(pipeline -> assertThat(PipelineResolver.candidates(job, declared)).contains(pipeline));
      java.util.Set<String> set = new java.util.HashSet<>(targets);
      assertThat(PipelineResolver.pipelineOf(job, declared, set)).as("a set of " + targets)
          .isEqualTo(PipelineResolver.pipelineOf(job, declared, targets));
    }
    if (expected != null) {
      assertThat(PipelineResolver.candidates(job, declared)).contains(expected);
    }
  }

  @org.junit.jupiter.api.Test
  void candidatesAreTheNamePrefixesEndingBeforeADash() {
    assertThat(PipelineResolver.candidates(job("backend-ci-build-8f2k1", null, null, null), Optional.empty()))
        .containsExactlyInAnyOrder("backend", "backend-ci", "backend-ci-build", "backend-ci-build-8f2k1");
    assertThat(PipelineResolver.candidates(job("x", null, null, "web--"), Optional.empty()))
        .containsExactlyInAnyOrder("x", "web", "web-", "web--");
    assertThat(PipelineResolver.candidates(job("frontend-1", "backend-ci-build", "nightly", null), Optional.of("nightly")))
        .containsExactly("backend-ci-build");
  }

  static Job job(String name, String label, String cronJob, String generateName) {
    JobBuilder b = new JobBuilder().withNewMetadata().withName(name).withGenerateName(generateName)
        .withNamespace("ci").endMetadata();
    if (label != null) {
      b.editMetadata().addToLabels(Labels.PIPELINE, label).endMetadata();
    }
    if (cronJob != null) {
      b.editMetadata().addNewOwnerReference().withKind("CronJob").withName(cronJob).withApiVersion("batch/v1")
          .withUid("u").endOwnerReference().endMetadata();
    }
    return b.build();
  }
}
