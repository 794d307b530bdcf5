package ai.rodytech.healer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.sim.AdmissionRequest;
import ai.rodytech.healer.sim.AdmissionRequest.Operation;
import org.junit.jupiter.api.Test;

/** What the loop benchmark times: a run's Failed status, then the creation of the run that retries it. */
class WriteClockTest {
  private static final String FAILED = "{\"status\":{\"conditions\":[{\"type\":\"Failed\",\"status\":\"True\"}]}}";
  private static final String FAILED_FALSE =
      "{\"status\":{\"conditions\":[{\"type\":\"Failed\",\"status\":\"False\"}]}}";

  @Test
  void pairsEachFailureWithTheRunCreatedForItAndIgnoresEverythingElse() throws Exception {
    WriteClock clock = new WriteClock();
    clock.review(job(Operation.UPDATE, false, "status", "run-1", FAILED));
    clock.review(job(Operation.UPDATE, false, "status", "run-2", FAILED));
    clock.review(job(Operation.UPDATE, false, "status", "run-3", FAILED_FALSE)); // not failed
    Thread.sleep(5);
    clock.review(job(Operation.CREATE, true, "", "run-1-heal-1", retryOf("run-1"))); // a dry run
    assertThat(clock.corrections()).isZero();
    clock.review(job(Operation.CREATE, false, "", "run-1-heal-1", retryOf("run-1")));
    clock.review(job(Operation.UPDATE, false, "status", "run-1", FAILED)); // the same failure written again

    assertThat(clock.failures()).isEqualTo(2);
    assertThat(clock.corrections()).isEqualTo(1);
    assertThat(clock.latencies()).singleElement()
        .satisfies(nanos -> assertThat(nanos).isGreaterThanOrEqualTo(5_000_000L));
    assertThat(clock.lastCorrection()).isGreaterThan(clock.firstFailure());
  }

  @Test
  void stampsAPipelineRunWhenItsSucceededConditionTurnsFalseAndOnlyPipelineRunsItCreates() {
    WriteClock clock = new WriteClock(LoopRunKind.PIPELINE_RUN);
    clock.review(tekton("PipelineRun", Operation.UPDATE, "status", "run-1", succeeded("Unknown"))); // running
    clock.review(tekton("TaskRun", Operation.UPDATE, "status", "run-2-build", succeeded("False"))); // not the run
    assertThat(clock.failures()).isZero();
    clock.review(tekton("PipelineRun", Operation.UPDATE, "status", "run-1", succeeded("False")));
    // Tekton copies a PipelineRun's annotations to its TaskRuns: the TaskRun is not the corrective run.
    clock.review(tekton("TaskRun", Operation.CREATE, "", "run-1-heal-1-build", retryOf("run-1")));
    assertThat(clock.corrections()).isZero();
    clock.review(tekton("PipelineRun", Operation.CREATE, "", "run-1-heal-1", retryOf("run-1")));

    assertThat(clock.failures()).isEqualTo(1);
    assertThat(clock.latencies()).hasSize(1);
  }

  @Test
  void stampsAWorkflowWhosePhaseIsFailedOrErrorWhateverTheSubresource() {
    WriteClock clock = new WriteClock(LoopRunKind.WORKFLOW);
    clock.review(argo("Workflow", "", "wf-1", "{\"status\":{\"phase\":\"Running\",\"message\":\"Failed once\"}}"));
    clock.review(argo("Pod", "status", "wf-2-build", "{\"status\":{\"phase\":\"Failed\"}}"));
    assertThat(clock.failures()).isZero();
    clock.review(argo("Workflow", "", "wf-1", "{\"status\":{\"phase\":\"Failed\"}}"));
    clock.review(argo("Workflow", "", "wf-3", "{\"status\":{\"phase\":\"Error\"}}"));

    assertThat(clock.failures()).isEqualTo(2);
  }

  private static AdmissionRequest tekton(String kind, Operation operation, String subresource, String name,
      String json) {
    return new AdmissionRequest(operation, false, subresource, "tekton.dev/v1", kind, "ci", name, json);
  }

  private static AdmissionRequest argo(String kind, String subresource, String name, String json) {
    return new AdmissionRequest(Operation.UPDATE, false, subresource,
        kind.equals("Pod") ? "v1" : "argoproj.io/v1alpha1", kind, "ci", name, json);
  }

  private static String succeeded(String status) {
    return "{\"status\":{\"conditions\":[{\"type\":\"Succeeded\",\"status\":\"" + status + "\"}]}}";
  }

  private static AdmissionRequest job(Operation operation, boolean dryRun, String subresource, String name,
      String json) {
    return new AdmissionRequest(operation, dryRun, subresource, "batch/v1", "Job", "ci", name, json);
  }

  private static String retryOf(String run) {
    return "{\"metadata\":{\"annotations\":{\"rodytech.ai/retry-of\":\"" + run + "\"}}}";
  }
}
