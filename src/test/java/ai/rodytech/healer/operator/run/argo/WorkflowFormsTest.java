package ai.rodytech.healer.operator.run.argo;

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
import ai.rodytech.healer.operator.run.RunFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forms a failed Workflow is compared and resubmitted in (fixture runs/argo-oom.yaml). */
class WorkflowFormsTest {
  private static final String BUILD = "/spec/templates/2/script";
  private static final MemoryBump BUMP =
      new MemoryBump("build", "512Mi", "768Mi", "512Mi", "768Mi", List.of(), "build was OOM-killed");

  private final ObjectNode failed = RunFixtures.load("argo-oom.yaml").get(0);

  private ObjectNode comparable(RecoveryPlan plan) {
    return WorkflowForms.resolved(failed, plan);
  }

  private ObjectNode corrective(RecoveryPlan plan) {
    ObjectNode run = WorkflowForms.corrective(comparable(plan), failed,
        RunFixtures.firstAttempt(failed, plan.action().wireName()));
    return RunFixtures.apply(plan, run, WorkflowLayout.INSTANCE);
  }

  private ChangeSet diff(RecoveryPlan plan) {
    return RunDiff.between(comparable(plan), corrective(plan), WorkflowLayout.INSTANCE);
  }

  @Test
  void aRetryResubmitsTheSameTemplateWithoutWhatArgoWrote() {
    ObjectNode retry = corrective(new Retry("registry timed out"));

    assertThat(retry.has("status")).isFalse();
    assertThat(retry.at("/spec/workflowTemplateRef/name").asText()).isEqualTo("backend-ci-build");
    assertThat(retry.at("/spec/templates").isMissingNode()).isTrue();
    assertThat(retry.at("/spec/arguments")).isEqualTo(failed.at("/spec/arguments"));
    JsonNode meta = retry.path("metadata");
    assertThat(meta.path("name").asText()).isEqualTo(RunFixtures.firstAttempt(failed, "retry_stage").name());
    assertThat(meta.has("generateName")).isFalse();
    assertThat(meta.path("labels").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("workflows.argoproj.io/workflow-template", "team", Labels.PIPELINE,
            Labels.MANAGED_BY);
    assertThat(meta.path("annotations").has("workflows.argoproj.io/pod-name-format")).isFalse();
    assertThat(meta.path("annotations").path(Labels.RETRY_OF).asText()).isEqualTo("backend-ci-build-x7k2q");
    assertThat(meta.has("ownerReferences")).isFalse();
    assertThat(RunFixtures.workChanges(diff(new Retry("again")))).isEmpty();
  }

  @Test
  void aMemoryBumpResolvesTheTemplateSpecAndChangesOnlyTheFailingTemplate() {
    ObjectNode run = corrective(BUMP);

    assertThat(run.at("/spec/workflowTemplateRef").isMissingNode()).isTrue();
    assertThat(run.at("/spec/entrypoint").asText()).isEqualTo("ci");
    assertThat(run.at(BUILD + "/resources/limits/memory").asText()).isEqualTo("768Mi");
    assertThat(run.at(BUILD + "/resources/requests/memory").asText()).isEqualTo("768Mi");
    assertThat(run.at("/spec/templates/1")).isEqualTo(failed.at("/status/storedWorkflowTemplateSpec/templates/1"));
    assertThat(RunFixtures.workChanges(diff(BUMP))).containsExactly(
        BUILD + "/resources/limits/memory", BUILD + "/resources/requests/memory");
    assertThat(RunFixtures.judge(comparable(BUMP), run, WorkflowLayout.INSTANCE, BUMP).approved()).isTrue();
  }

  @Test
  void aHeapCapInTheTemplatesEnvironmentIsRaisedWithTheLimit() {
    MemoryBump bump = new MemoryBump("build", "512Mi", "1Gi", "512Mi", "1Gi",
        List.of(new EnvChange("MAVEN_OPTS", "-Xmx256m", "-Xmx768m")), "Java heap space under -Xmx256m");
    ObjectNode run = corrective(bump);

    assertThat(run.at(BUILD + "/env/0/value").asText()).isEqualTo("-Xmx768m");
    assertThat(RunFixtures.workChanges(diff(bump))).containsExactly(
        BUILD + "/env/0/value", BUILD + "/resources/limits/memory", BUILD + "/resources/requests/memory");
    assertThat(RunFixtures.judge(comparable(bump), run, WorkflowLayout.INSTANCE, bump).approved()).isTrue();
  }

  @Test
  void aWorkflowParameterIsPinnedInItsArgumentsWithoutResolvingTheTemplate() {
    VersionPin pin = new VersionPin(WorkflowLayout.ARGUMENTS, "revision", "release-2.3", "release-2.2", "moved");
    ObjectNode run = corrective(pin);

    assertThat(run.at("/spec/workflowTemplateRef/name").asText()).isEqualTo("backend-ci-build");
    assertThat(run.at("/spec/arguments/parameters/0/value").asText()).isEqualTo("release-2.2");
    assertThat(RunFixtures.workChanges(diff(pin))).containsExactly("/spec/arguments/parameters/0/value");
    assertThat(RunFixtures.judge(comparable(pin), run, WorkflowLayout.INSTANCE, pin).approved()).isTrue();
  }

  @Test
  void aParameterOnlyTheTemplateSetsIsWrittenWithTheValueItRanWithThenPinned() {
    VersionPin pin = new VersionPin(WorkflowLayout.ARGUMENTS, "maven-opts", "-Xmx256m", "-Xmx200m", "moved");

    assertThat(comparable(pin).at("/spec/arguments/parameters/1/value").asText()).isEqualTo("-Xmx256m");
    assertThat(RunFixtures.workChanges(diff(pin))).containsExactly("/spec/arguments/parameters/1/value");
  }

  @Test
  void anImagePinChangesTheTemplatesImage() {
    String digest = "maven:3.9-eclipse-temurin-17@sha256:" + "ab12".repeat(16);
    VersionPin pin = new VersionPin("build", null, "maven:3.9-eclipse-temurin-17", digest, "tag moved");

    assertThat(corrective(pin).at(BUILD + "/image").asText()).isEqualTo(digest);
    assertThat(RunFixtures.workChanges(diff(pin))).containsExactly(BUILD + "/image");
  }

  @Test
  void aWorkflowOfACronWorkflowStaysOwnedByItButNotAsItsController() {
    ObjectNode owner = failed.withObjectProperty("metadata").putArray("ownerReferences").addObject();
    owner.put("apiVersion", "argoproj.io/v1alpha1").put("kind", "CronWorkflow").put("name", "nightly")
        .put("uid", "c0ffee00-0000-4000-8000-000000000001").put("controller", true).put("blockOwnerDeletion", true);

    JsonNode ref = corrective(new Retry("again")).at("/metadata/ownerReferences/0");

    assertThat(ref.path("name").asText()).isEqualTo("nightly");
    assertThat(ref.path("uid").asText()).isEqualTo("c0ffee00-0000-4000-8000-000000000001");
    assertThat(ref.has("controller")).isFalse();
  }

  @Test
  void aStoppedOrSuspendedFlagIsNotCopiedAndTheFailedWorkflowIsNotChanged() {
    at(failed, "/spec").put("shutdown", "Stop").put("suspend", true);
    ObjectNode before = failed.deepCopy();

    ObjectNode retry = corrective(new Retry("again"));

    assertThat(retry.at("/spec/shutdown").isMissingNode()).isTrue();
    assertThat(retry.at("/spec/suspend").isMissingNode()).isTrue();
    corrective(BUMP);
    assertThat(failed).isEqualTo(before);
  }
}
