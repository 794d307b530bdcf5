package ai.rodytech.healer.operator.run.tekton;

import static ai.rodytech.healer.operator.run.RunFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.operator.run.RunFixtures;
import ai.rodytech.healer.operator.run.RunState;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A PipelineRun's state from its Succeeded condition (fixture runs/tekton-oom.yaml, one condition per case). */
class PipelineRunStatesTest {
  private final ObjectNode run = RunFixtures.load("tekton-oom.yaml").get(0);

  private RunState with(String status, String reason) {
    ObjectNode condition = at(run, "/status/conditions/0");
    condition.put("status", status).put("reason", reason);
    return PipelineRunStates.of(TektonKind.asPipelineRun(run));
  }

  @Test
  void aTaskThatFailedIsAFailureForABrain() {
    RunState state = with("False", "Failed");

    assertThat(state).isInstanceOfSatisfying(RunState.Failed.class, f -> {
      assertThat(f.reason()).isEqualTo("Failed");
      assertThat(f.forPerson()).isNull();
      assertThat(f.at()).hasToString("2025-06-02T02:44:03Z");
    });
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({"True,Succeeded", "True,Completed", "False,FailureIgnored"})
  void succeeded(String status, String reason) {
    assertThat(with(status, reason)).isInstanceOf(RunState.Succeeded.class);
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({"Unknown,Running", "Unknown,Started", "Unknown,ToBeRetried", "Unknown,PipelineRunPending"})
  void notFinished(String status, String reason) {
    assertThat(with(status, reason).finished()).isFalse();
  }

  @Test
  void noConditionYetIsRunning() {
    ((ObjectNode) run.path("status")).remove("conditions");

    assertThat(PipelineRunStates.of(TektonKind.asPipelineRun(run))).isInstanceOf(RunState.Running.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "PipelineRunTimeout|ran past its timeout (timeouts.pipeline)",
      "Cancelled|was cancelled (Cancelled)",
      "PipelineRunCancelled|was cancelled (PipelineRunCancelled)",
      "StoppedRunFinally|was cancelled (StoppedRunFinally)",
      "PipelineValidationFailed|Tekton could not run the pipeline (PipelineValidationFailed)",
      "CouldntGetPipeline|Tekton could not run the pipeline (CouldntGetPipeline)",
      "CouldntGetTask|Tekton could not run the pipeline (CouldntGetTask)",
      "ParameterMissing|Tekton could not run the pipeline (ParameterMissing)",
      "SomethingNew|Tekton ended the PipelineRun with reason SomethingNew"})
  void aFailureThatIsNotATasksGoesToAPerson(String reason, String why) {
    assertThat(with("False", reason)).isInstanceOfSatisfying(RunState.Failed.class,
        f -> assertThat(f.forPerson()).contains(why));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"TaskRunTimeout", "TaskRunCancelled"})
  void aTaskThatTimedOutGoesToAPersonByWhatTheSnapshotShows(String reason) {
    FailureSnapshot snapshot = new FailureSnapshot(null, "build/test", null, reason,
        "TaskRun backend-ci-build-run-7-build: TaskRun \"backend-ci-build-run-7-build\" failed to finish within \"30m0s\"",
        null, null, LogTail.EMPTY, null, null);
    Optional<String> why = new TektonKind(null, null, null, null).forPerson(snapshot);

    assertThat(why).hasValueSatisfying(w -> assertThat(w).contains("TaskRun of task build ended with " + reason)
        .contains("failed to finish within"));
  }

  @Test
  void aStepThatFailedIsNotForAPerson() {
    FailureSnapshot snapshot = new FailureSnapshot(null, "build/test", 137, "OOMKilled", "", null, null,
        LogTail.EMPTY, null, null);

    assertThat(new TektonKind(null, null, null, null).forPerson(snapshot)).isEmpty();
  }
}
