package ai.rodytech.healer.operator.run.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.run.RunReconciler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which Job updates reach the run reconciler: a change of ending does, a second status of the same ending does not. */
class JobUpdateFilterTest {
  private static final JobKind KIND = new JobKind(null, null, null);

  @Test
  void aJobThatFailsIsReconciledOnceForItsEnding() {
    Job running = job(Map.of());
    Job failureTarget = job(Map.of("FailureTarget", "BackoffLimitExceeded"));
    Job failed = job(Map.of("FailureTarget", "BackoffLimitExceeded", "Failed", "BackoffLimitExceeded"));

    assertThat(RunReconciler.worthReconciling(KIND, failureTarget, running)).as("running -> FailureTarget").isTrue();
    assertThat(RunReconciler.worthReconciling(KIND, failed, failureTarget)).as("FailureTarget -> Failed").isFalse();
    assertThat(RunReconciler.worthReconciling(KIND, failed, running)).as("running -> Failed at once").isTrue();
    assertThat(RunReconciler.worthReconciling(KIND, failed, failed)).as("a finished run relabelled").isFalse();
  }

  @Test
  void aJobThatSucceedsIsReconciledOnceForItsEnding() {
    Job running = job(Map.of());
    Job criteriaMet = job(Map.of("SuccessCriteriaMet", "CompletionsReached"));
    Job complete = job(Map.of("SuccessCriteriaMet", "CompletionsReached", "Complete", "CompletionsReached"));

    assertThat(RunReconciler.worthReconciling(KIND, criteriaMet, running)).isTrue();
    assertThat(RunReconciler.worthReconciling(KIND, complete, criteriaMet)).isFalse();
  }

  @Test
  void unfinishedRunsAreReconciledOnlyWhenTheyAreTheHealers() {
    Job someonesRunning = job(Map.of());
    Job ours = job(Map.of());
    ours.getMetadata().setLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGER));

    assertThat(RunReconciler.worthReconciling(KIND, someonesRunning, someonesRunning)).isFalse();
    assertThat(RunReconciler.worthReconciling(KIND, ours, ours)).as("its start is watched").isTrue();
  }

  private static Job job(Map<String, String> conditions) {
    JobBuilder job = new JobBuilder().withNewMetadata().withName("backend-ci-build-1").withNamespace("ci")
        .withUid("uid-1").withCreationTimestamp("2026-12-06T21:00:00Z").endMetadata()
        .withNewSpec().withBackoffLimit(0).endSpec();
    JobBuilder withStatus = job.withNewStatus().withStartTime("2026-12-06T21:00:01Z")
        .withConditions(conditions.entrySet().stream().map(c -> new JobConditionBuilder().withType(c.getKey())
            .withStatus("True").withReason(c.getValue()).withLastTransitionTime("2026-12-06T21:00:09Z").build())
            .toList())
        .endStatus();
    return withStatus.build();
  }
}
