package ai.rodytech.healer.operator.run.tekton;

import static ai.rodytech.healer.operator.run.RunFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.RunDiff;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.EnvChange;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.Retry;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.run.CorrectiveRun;
import ai.rodytech.healer.operator.run.RunFixtures;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The forms a failed PipelineRun is compared and re-created in (fixture runs/tekton-oom.yaml). */
class PipelineRunFormsTest {
  private static final String TEST_STEP = "/spec/pipelineSpec/tasks/1/taskSpec/steps/1";
  private static final MemoryBump BUMP =
      new MemoryBump("build/test", "512Mi", "768Mi", "256Mi", "384Mi", List.of(), "build/test was OOM-killed");

  private final List<ObjectNode> fixture = RunFixtures.load("tekton-oom.yaml");
  private final ObjectNode failed = fixture.get(0);
  private final Map<String, JsonNode> taskRuns = Map.of("build", fixture.get(1));

  private ObjectNode comparable(RecoveryPlan plan) {
    return PipelineRunForms.resolved(failed, () -> taskRuns, plan);
  }

  private ObjectNode corrective(RecoveryPlan plan) {
    CorrectiveRun next = RunFixtures.firstAttempt(failed, plan.action().wireName());
    ObjectNode run = RunTrees.corrective(comparable(plan), "ci", next);
    return RunFixtures.apply(plan, run, TektonLayout.INSTANCE);
  }

  private ChangeSet diff(RecoveryPlan plan) {
    return RunDiff.between(comparable(plan), corrective(plan), TektonLayout.INSTANCE);
  }

  @Test
  void aRetryNeedsNoTaskRunsAStepChangeReadsThem() {
    int[] reads = {0};
    PipelineRunForms.resolved(failed, () -> {
      reads[0]++;
      return taskRuns;
    }, new Retry("flaky"));
    assertThat(reads[0]).as("a retry lists no TaskRuns").isZero();

    PipelineRunForms.resolved(failed, () -> {
      reads[0]++;
      return taskRuns;
    }, BUMP);
    assertThat(reads[0]).as("a step change reads them once").isEqualTo(1);
  }

  @Test
  void aRetryRunsTheSamePipelineByReferenceWithoutWhatTektonWrote() {
    ObjectNode retry = corrective(new Retry("flaky"));

    assertThat(retry.has("status")).isFalse();
    assertThat(retry.at("/spec/pipelineRef/name").asText()).isEqualTo("backend-ci-build");
    assertThat(retry.at("/spec/pipelineSpec").isMissingNode()).isTrue();
    assertThat(retry.at("/spec/timeouts")).isEqualTo(failed.at("/spec/timeouts"));
    JsonNode meta = retry.path("metadata");
    assertThat(meta.path("name").asText()).isEqualTo(RunFixtures.firstAttempt(failed, "retry_stage").name());
    assertThat(meta.path("namespace").asText()).isEqualTo("ci");
    for (String gone : List.of("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields")) {
      assertThat(meta.has(gone)).as(gone).isFalse();
    }
    assertThat(meta.path("labels").has("tekton.dev/pipeline")).isFalse();
    assertThat(meta.path("labels").path("triggers.tekton.dev/eventlistener").asText()).isEqualTo("github-push");
    assertThat(meta.path("labels").path(Labels.PIPELINE).asText()).isEqualTo("backend-ci-build");
    assertThat(meta.path("labels").path(Labels.MANAGED_BY).asText()).isEqualTo(Labels.MANAGER);
    assertThat(meta.path("annotations").fieldNames()).toIterable()
        .noneMatch(k -> k.startsWith("results.tekton.dev/") || k.startsWith("chains.tekton.dev/"))
        .contains("team", Labels.RETRY_OF, Labels.ROOT_UID, Labels.ATTEMPT, Labels.STRATEGY, Labels.REPLACES_UID);
    assertThat(meta.path("annotations").path(Labels.RETRY_OF).asText()).isEqualTo("backend-ci-build-run-7");
    assertThat(RunFixtures.workChanges(diff(new Retry("flaky")))).isEmpty();
  }

  @Test
  void aMemoryBumpInlinesThePipelineAndOnlyTheFailingTaskAndChangesOnlyThatStep() {
    ObjectNode run = corrective(BUMP);

    assertThat(run.at("/spec/pipelineRef").isMissingNode()).isTrue();
    assertThat(run.at("/spec/pipelineSpec/tasks/0")).isEqualTo(failed.at("/status/pipelineSpec/tasks/0"));
    assertThat(run.at("/spec/pipelineSpec/tasks/1/taskRef").isMissingNode()).isTrue();
    assertThat(run.at("/spec/pipelineSpec/tasks/1/timeout").asText()).isEqualTo("30m0s");
    assertThat(run.at("/spec/timeouts")).isEqualTo(failed.at("/spec/timeouts"));
    assertThat(run.at(TEST_STEP + "/computeResources/limits/memory").asText()).isEqualTo("768Mi");
    assertThat(run.at(TEST_STEP + "/computeResources/requests/memory").asText()).isEqualTo("384Mi");
    assertThat(run.at("/spec/pipelineSpec/tasks/1/taskSpec/steps/0"))
        .isEqualTo(fixture.get(1).at("/status/taskSpec/steps/0"));
    assertThat(run.at("/spec/pipelineSpec/tasks/1/taskSpec/steps/2"))
        .isEqualTo(fixture.get(1).at("/status/taskSpec/steps/2"));

    ChangeSet change = diff(BUMP);
    assertThat(RunFixtures.workChanges(change)).containsExactly(
        TEST_STEP + "/computeResources/limits/memory", TEST_STEP + "/computeResources/requests/memory");
    // Limit and request, before and after, and the managed-by label the healer writes (as on a Job).
    assertThat(change.changedLines()).isEqualTo(5);
    assertThat(RunFixtures.judge(comparable(BUMP), run, TektonLayout.INSTANCE, BUMP).approved()).isTrue();
  }

  @Test
  void aHeapCapTheStepInheritsFromTheStepTemplateIsRaisedOnTheStep() {
    MemoryBump bump = new MemoryBump("build/test", "512Mi", "1Gi", "256Mi", "512Mi",
        List.of(new EnvChange("MAVEN_OPTS", "-Xmx256m", "-Xmx768m")), "Java heap space under -Xmx256m");
    ObjectNode run = corrective(bump);

    assertThat(run.at(TEST_STEP + "/env/0/name").asText()).isEqualTo("MAVEN_OPTS");
    assertThat(run.at(TEST_STEP + "/env/0/value").asText()).isEqualTo("-Xmx768m");
    assertThat(run.at("/spec/pipelineSpec/tasks/1/taskSpec/stepTemplate"))
        .isEqualTo(fixture.get(1).at("/status/taskSpec/stepTemplate"));
    assertThat(run.at("/spec/pipelineSpec/tasks/1/taskSpec/steps/0/env").isMissingNode()).isTrue();
    assertThat(comparable(bump).at(TEST_STEP + "/env/0/value").asText()).isEqualTo("$(params.maven-opts)");
    assertThat(RunFixtures.workChanges(diff(bump))).containsExactly(
        TEST_STEP + "/computeResources/limits/memory", TEST_STEP + "/computeResources/requests/memory",
        TEST_STEP + "/env/0/value");
    assertThat(RunFixtures.judge(comparable(bump), run, TektonLayout.INSTANCE, bump).approved()).isTrue();
  }

  @Test
  void aPipelineParameterIsPinnedInTheRunsParamsWithoutInliningAnything() {
    VersionPin pin = new VersionPin(TektonLayout.PARAMS, "revision", "release-2.3", "release-2.2", "moved");
    ObjectNode run = corrective(pin);

    assertThat(run.at("/spec/pipelineRef/name").asText()).isEqualTo("backend-ci-build");
    assertThat(run.at("/spec/params/0/value").asText()).isEqualTo("release-2.2");
    assertThat(RunFixtures.workChanges(diff(pin))).containsExactly("/spec/params/0/value");
    assertThat(RunFixtures.judge(comparable(pin), run, TektonLayout.INSTANCE, pin).approved()).isTrue();
  }

  @Test
  void aParameterTheRunLeftToItsDefaultIsWrittenWithTheDefaultThenPinned() {
    VersionPin pin = new VersionPin(TektonLayout.PARAMS, "maven-opts", "-Xmx256m", "-Xmx200m", "moved");

    assertThat(comparable(pin).at("/spec/params/1")).hasToString("{\"name\":\"maven-opts\",\"value\":\"-Xmx256m\"}");
    assertThat(corrective(pin).at("/spec/params/1/value").asText()).isEqualTo("-Xmx200m");
    assertThat(RunFixtures.workChanges(diff(pin))).containsExactly("/spec/params/1/value");
  }

  @Test
  void anImagePinWritesTheStepsImageParameterAsTheImageItRanWithThenPinsItsDigest() {
    String digest = "maven:3.9-eclipse-temurin-17@sha256:" + "6d4f".repeat(16);
    VersionPin pin = new VersionPin("build/test", null, "maven:3.9-eclipse-temurin-17", digest, "tag moved");
    ObjectNode run = corrective(pin);

    assertThat(comparable(pin).at(TEST_STEP + "/image").asText()).isEqualTo("maven:3.9-eclipse-temurin-17");
    assertThat(run.at(TEST_STEP + "/image").asText()).isEqualTo(digest);
    assertThat(run.at("/spec/pipelineSpec/tasks/1/taskSpec/steps/0/image").asText()).isEqualTo("$(params.maven-image)");
    assertThat(RunFixtures.workChanges(diff(pin))).containsExactly(TEST_STEP + "/image");
    assertThat(RunFixtures.judge(comparable(pin), run, TektonLayout.INSTANCE, pin).approved()).isTrue();
  }

  @Test
  void aCancelledOrPendingFlagIsNotCopied() {
    at(failed, "/spec").put("status", "Cancelled");

    assertThat(corrective(new Retry("again")).at("/spec/status").isMissingNode()).isTrue();
  }

  @Test
  void theFailedRunIsNotChanged() {
    ObjectNode before = failed.deepCopy();
    corrective(BUMP);
    corrective(new VersionPin(TektonLayout.PARAMS, "maven-opts", "-Xmx256m", "-Xmx200m", "moved"));

    assertThat(failed).isEqualTo(before);
  }
}
