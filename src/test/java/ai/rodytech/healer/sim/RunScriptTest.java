package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunScriptTest {
  private static final RunOutcome FLAKY = RunOutcome.failed(1, SampleLogs.flakyTest(), Duration.ofSeconds(50));
  private static final RunOutcome OOM = RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), Duration.ofSeconds(15));
  private static final RunOutcome PASS = RunOutcome.succeeded(SampleLogs.mavenSuccess(), Duration.ofSeconds(45));

  @ParameterizedTest(name = "attempt annotation {0} -> {1}")
  @CsvSource(
      nullValues = "-",
      value = {"-, flaky", "0, flaky", "1, oom", "2, pass", "7, pass", "not-a-number, flaky"})
  void byAttemptPicksTheOutcomeOfTheHealersAttempt(String attempt, String expected) {
    RunScript script = RunScript.byAttempt(FLAKY, OOM, PASS);

    assertThat(script.run(job("backend-ci-build", attempt, "1Gi"))).isEqualTo(outcome(expected));
  }

  @Test
  void byPipelineAttemptKeysOnThePipelineLabelThenTheAttempt() {
    RunScript script =
        RunScript.byPipelineAttempt(Map.of("backend-ci-build", List.of(FLAKY, PASS)), RunScript.always(OOM));

    assertThat(script.run(job("backend-ci-build", null, "1Gi"))).isEqualTo(FLAKY);
    assertThat(script.run(job("backend-ci-build", "1", "1Gi"))).isEqualTo(PASS);
    assertThat(script.run(job("storefront-ci", "1", "1Gi"))).isEqualTo(OOM);
  }

  @Test
  void anOutcomeDescribesItsInstancesInOrderAndTheLastOneRepeats() {
    RunOutcome run = OOM.then(OOM.after(Duration.ofSeconds(20)).then(FLAKY), PASS);

    assertThat(run.instances()).extracting(RunOutcome::terminationReason)
        .containsExactly("OOMKilled", "OOMKilled", "Error", "Completed");
    assertThat(run.instance(0)).isEqualTo(OOM);
    assertThat(run.instance(1).duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(run.instance(3)).isEqualTo(PASS);
    assertThat(run.instance(9)).as("past the last: the last").isEqualTo(PASS);
    assertThat(FLAKY.instance(5)).as("a single outcome ends every instance").isEqualTo(FLAKY);
    assertThat(run.withReason("Evicted").later()).as("the withers keep the later instances").hasSize(3);
    assertThat(new RunOutcome(1, "Error", "log", Duration.ZERO, null, Map.of()).sidecarExitCode()).isEqualTo(143);
    assertThat(RunOutcome.unschedulable("0/1 nodes are available").neverScheduled()).isTrue();
  }

  @Test
  void sequenceFollowsTheOrderOfRunsAndRepeatsItsLastOutcome() {
    RunScript script = RunScript.sequence(FLAKY, PASS);
    Job job = job("backend-ci-build", null, "1Gi");

    assertThat(List.of(script.run(job), script.run(job), script.run(job))).containsExactly(FLAKY, PASS, PASS);
  }

  @ParameterizedTest(name = "limit {0} -> {1}")
  @CsvSource(nullValues = "-", value = {"512Mi, oom", "767Mi, oom", "768Mi, pass", "2Gi, pass", "-, oom"})
  void byMemoryLimitCuresTheOomOnceTheLimitIsHighEnough(String limit, String expected) {
    RunScript script = RunScript.byMemoryLimit("768Mi", OOM, PASS);

    assertThat(script.run(job("backend-ci-build", null, limit))).isEqualTo(outcome(expected));
  }

  @Test
  void byAnnotationFallsBackForMissingOrUnlistedValues() {
    RunScript script = RunScript.byAnnotation("ci.example.com/scenario", Map.of("oom", OOM), RunScript.always(PASS));
    Job annotated = new JobBuilder(job("backend-ci-build", null, "1Gi")).editMetadata()
        .addToAnnotations("ci.example.com/scenario", "oom").endMetadata().build();

    assertThat(script.run(annotated)).isEqualTo(OOM);
    assertThat(script.run(job("backend-ci-build", null, "1Gi"))).isEqualTo(PASS);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "node:20, docker.io/library/node@sha256:",
    "bitnami/kubectl:1.31, docker.io/bitnami/kubectl@sha256:",
    "ghcr.io/acme/builder:v2, ghcr.io/acme/builder@sha256:",
    "localhost:5000/ci/runner, localhost:5000/ci/runner@sha256:",
  })
  void imageIdsAreQualifiedLikeTheRuntimeReportsThem(String image, String prefix) {
    assertThat(ImageIds.resolve(image)).startsWith(prefix).matches(".*@sha256:[0-9a-f]{64}");
    assertThat(ImageIds.resolve(image)).as("stable").isEqualTo(ImageIds.resolve(image));
  }

  @Test
  void aPinnedDigestIsReportedAsItIsAndTagsResolveToDifferentDigests() {
    String digest = "sha256:" + "a".repeat(64);

    assertThat(ImageIds.resolve("node:20@" + digest)).isEqualTo("docker.io/library/node@" + digest);
    assertThat(ImageIds.resolve("node:20")).isNotEqualTo(ImageIds.resolve("node:22"));
  }

  private static RunOutcome outcome(String name) {
    return switch (name) {
      case "flaky" -> FLAKY;
      case "oom" -> OOM;
      default -> PASS;
    };
  }

  private static Job job(String pipeline, String attempt, String memoryLimit) {
    JobBuilder job = new JobBuilder()
        .withNewMetadata().withName(pipeline + "-1").addToLabels(RunScript.PIPELINE_LABEL, pipeline).endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("build").withImage("maven:3.9")
        .withNewResources().endResources().endContainer().endSpec().endTemplate().endSpec();
    if (attempt != null) {
      job.editMetadata().addToAnnotations(RunScript.ATTEMPT_ANNOTATION, attempt).endMetadata();
    }
    if (memoryLimit != null) {
      job.editSpec().editTemplate().editSpec().editFirstContainer().editResources()
          .addToLimits("memory", new Quantity(memoryLimit)).endResources().endContainer().endSpec().endTemplate()
          .endSpec();
    }
    return job.build();
  }
}
