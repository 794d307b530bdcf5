package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.operator.run.RunHandle;
import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.engine.RunFields;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A PipelineRun's state from its {@code Succeeded} condition, as Tekton writes it: {@code True} succeeded,
 * {@code False} failed, {@code Unknown} (Running, Started, ToBeRetried…) not finished. A failure whose reason is
 * not the failure of a task (a timeout of the whole run, a cancellation, a pipeline that does not validate or
 * resolve) goes to a person: running it again would only repeat what a person decided or must fix.
 */
final class PipelineRunStates {
  /** The reason Tekton gives when a task's steps failed: the one failure a brain judges. */
  static final String TASKS_FAILED = "Failed";
  /** Tekton's reason for a pipeline task whose failure is ignored (onError: continue); not a failure. */
  static final String FAILURE_IGNORED = "FailureIgnored";

  private static final Set<String> TASK_STOPPED = Set.of("TaskRunTimeout", "TaskRunCancelled");
  private static final Set<String> CANCELLED = Set.of(
      "Cancelled", "PipelineRunCancelled", "CancelledRunningFinally", "StoppedRunFinally", "StoppedRunningFinally");
  private static final Set<String> NOT_VALID = Set.of(
      "PipelineValidationFailed", "CouldntGetPipeline", "CouldntGetTask", "CouldntGetPipelineResult",
      "ParameterMissing", "ParameterTypeMismatch", "ObjectParameterMissKeys", "InvalidTaskResultReference",
      "PipelineInvalidGraph", "InvalidWorkspaceBindings", "InvalidServiceAccountMappings", "InvalidTaskRunSpecs",
      "RequiredWorkspaceMarkedOptional", "ResourceVerificationFailed", "InvalidPipelineResultReference",
      "InvalidMatrixParameterTypes", "CELEvaluationFailed", "InvalidParamValue", "CreateRunFailed");

  private PipelineRunStates() {}

  static RunState of(GenericKubernetesResource run) {
    Optional<Map<String, Object>> succeeded = RunFields.maps(run, "status", "conditions").stream()
        .filter(c -> "Succeeded".equals(c.get("type")))
        .findFirst();
    if (succeeded.isEmpty()) {
      return new RunState.Running();
    }
    Map<String, Object> c = succeeded.get();
    String status = RunFields.text(c, "status");
    String reason = RunFields.text(c, "reason");
    String message = RunFields.text(c, "message");
    String at = Optional.ofNullable(RunFields.text(run, "status", "completionTime"))
        .orElse(RunFields.text(c, "lastTransitionTime"));
    if ("True".equals(status) || "False".equals(status) && FAILURE_IGNORED.equals(reason)) {
      return new RunState.Succeeded(RunHandle.instant(at));
    }
    if (!"False".equals(status)) {
      return "ToBeRetried".equals(reason) ? new RunState.Retrying("Tekton retries a task (ToBeRetried)")
          : new RunState.Running();
    }
    return new RunState.Failed(RunHandle.instant(at), reason, message, forPerson(reason, message));
  }

  /** Why a failure with this reason goes to a person; null for the failure of a task, which a brain judges. */
  static String forPerson(String reason, String message) {
    if (reason == null || TASKS_FAILED.equals(reason)) {
      return null;
    }
    String said = message == null || message.isBlank() ? "" : " (" + message + ")";
    if ("PipelineRunTimeout".equals(reason)) {
      return "the PipelineRun ran past its timeout (timeouts.pipeline)" + said + "; how long a pipeline may run is a"
          + " person's decision, and running it again would likely time out again";
    }
    if (CANCELLED.contains(reason)) {
      return "the PipelineRun was cancelled (" + reason + ")" + said + "; a person stopped it, so the healer does"
          + " not run it again";
    }
    if (NOT_VALID.contains(reason)) {
      return "Tekton could not run the pipeline (" + reason + ")" + said + "; its definition or parameters must be"
          + " fixed by a person, running it again changes nothing";
    }
    return "Tekton ended the PipelineRun with reason " + reason + said + ", which is not the failure of a task's"
        + " steps; a person must look at it";
  }

  /** Whether a TaskRun's reason says it was stopped (its timeout, or its PipelineRun's) rather than failed. */
  static boolean taskStopped(String reason) {
    return reason != null && TASK_STOPPED.contains(reason);
  }

  /** Why a failed TaskRun's own reason sends the failure to a person (a task's timeout), else null. */
  static String forPersonByTask(String taskRun, String reason, String message) {
    if (!taskStopped(reason)) {
      return null;
    }
    String said = message == null || message.isBlank() ? "" : " (" + message + ")";
    return "TaskRun " + taskRun + " ended with " + reason + said + "; a task's timeout is a person's decision, and"
        + " running it again would likely time out again";
  }
}
