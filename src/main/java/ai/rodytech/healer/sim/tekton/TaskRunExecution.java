package ai.rodytech.healer.sim.tekton;

import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.engine.EngineContext;
import ai.rodytech.healer.sim.engine.StepPods;
import ai.rodytech.healer.sim.engine.StepPods.ContainerEnd;
import ai.rodytech.healer.sim.engine.StepRun;
import ai.rodytech.healer.sim.tekton.PipelineResolution.ResolvedTask;
import ai.rodytech.healer.sim.tekton.StepContainers.Step;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pipeline task of a simulated PipelineRun: its TaskRun, and one pod per try ({@code <taskrun>-pod}, then
 * {@code <taskrun>-pod-retry1}, ...), whose steps run in order until one fails. Statuses are written as
 * Tekton's TaskRun reconciler writes them: Running with the pod's name, then Succeeded, Failed, TaskRunTimeout
 * or TaskRunCancelled, with {@code Unknown/ToBeRetried} between tries. Every method runs under the
 * PipelineRun's lock.
 */
final class TaskRunExecution {
  static final String PREPARE_IMAGE = "ghcr.io/tektoncd/pipeline/entrypoint:v0.59.0";
  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  /** Where a TaskRun is. */
  enum State {
    RUNNING, SUCCEEDED, FAILED, FAILURE_IGNORED, TIMED_OUT, CANCELLED;

    boolean done() {
      return this != RUNNING;
    }

    boolean failed() {
      return this == FAILED || this == TIMED_OUT;
    }
  }

  private final PipelineRunExecution pipelineRun;
  private final EngineContext context;
  private final ResolvedTask task;
  private final String name;
  private final String namespace;
  private ObjectNode taskRun;
  private List<Step> steps;
  private int retries;
  private Duration timeout;
  private final ArrayNode retriesStatus = Serialization.jsonMapper().createArrayNode();
  private State state = State.RUNNING;
  private int attempt;
  private String podName;
  private ObjectNode pod;
  private Instant attemptStarted;

  TaskRunExecution(PipelineRunExecution pipelineRun, EngineContext context, ResolvedTask task, String name) {
    this.pipelineRun = pipelineRun;
    this.context = context;
    this.task = task;
    this.name = name;
    this.namespace = pipelineRun.namespace();
  }

  String name() {
    return name;
  }

  ResolvedTask task() {
    return task;
  }

  State state() {
    return state;
  }

  /** Creates the TaskRun and its first pod. */
  void start() {
    JsonNode runTaskSpec = pipelineRun.taskRunSpec(task.name());
    ObjectNode object = Serialization.jsonMapper().createObjectNode();
    object.put("apiVersion", "tekton.dev/v1").put("kind", "TaskRun");
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name).put("namespace", namespace);
    metadata.set("labels", Serialization.jsonMapper().valueToTree(pipelineRun.taskRunLabels(task)));
    metadata.set("annotations", Serialization.jsonMapper().valueToTree(pipelineRun.annotations()));
    metadata.putArray("ownerReferences").add(pipelineRun.ownerReference());
    ObjectNode spec = object.putObject("spec");
    if (task.taskName() != null) {
      spec.putObject("taskRef").put("name", task.taskName()).put("kind", "Task");
    } else {
      spec.set("taskSpec", task.taskSpec());
    }
    ArrayNode params = spec.putArray("params");
    task.params().forEach((k, v) -> params.addObject().put("name", k).put("value", v));
    String serviceAccount = runTaskSpec.path("serviceAccountName")
        .asText(pipelineRun.spec().path("taskRunTemplate").path("serviceAccountName").asText(""));
    if (!serviceAccount.isEmpty()) {
      spec.put("serviceAccountName", serviceAccount);
    }
    retries = task.pipelineTask().path("retries").asInt(0);
    if (retries > 0) {
      spec.put("retries", retries);
    }
    timeout = TektonConditions.parseGoDuration(task.pipelineTask().path("timeout").asText(null), DEFAULT_TIMEOUT);
    spec.put("timeout", TektonConditions.goDuration(timeout == null ? Duration.ZERO : timeout));
    for (String field : List.of("computeResources", "stepSpecs", "podTemplate")) {
      if (runTaskSpec.has(field)) {
        spec.set(field, runTaskSpec.get(field));
      }
    }
    taskRun = (ObjectNode) context.api().create(collection(), object);
    TektonParams substitution = TektonParams.forTaskRun(task.params(), name, namespace);
    steps = StepContainers.of(task.taskSpec(), taskRun.path("spec"), substitution);
    runAttempt();
  }

  /** The Cancelled ending a PipelineRun timeout gives a running TaskRun: its pod deleted, its steps stopped. */
  void cancelForPipelineTimeout() {
    if (state.done()) {
      return;
    }
    Instant now = context.clock().instant();
    String message = "TaskRun \"" + name + "\" was cancelled. TaskRun cancelled as the PipelineRun it belongs to"
        + " has timed out.";
    end(State.CANCELLED, "TaskRunCancelled", message, stoppedSteps(now, "TaskRunCancelled"), now);
    context.api().delete("/api/v1/namespaces/" + namespace + "/pods/" + podName);
  }

  private void runAttempt() {
    podName = TektonNames.child(name, attempt == 0 ? "-pod" : "-pod-retry" + attempt);
    attemptStarted = context.clock().instant();
    Map<String, String> labels = new LinkedHashMap<>(pipelineRun.taskRunLabels(task));
    labels.put("tekton.dev/taskRun", name);
    labels.put("tekton.dev/taskRunUID", taskRun.path("metadata").path("uid").asText());
    labels.put("app.kubernetes.io/managed-by", "tekton-pipelines");
    Map<String, String> annotations = new LinkedHashMap<>(pipelineRun.annotations());
    annotations.put("pipeline.tekton.dev/release", "v0.59.0");
    List<Container> containers = steps.stream().map(Step::container).toList();
    Container prepare = new ContainerBuilder().withName("prepare").withImage(PREPARE_IMAGE)
        .withCommand("/ko-app/entrypoint", "init", "/ko-app/entrypoint", "/tekton/bin/entrypoint").build();
    pod = (ObjectNode) context.api().create("/api/v1/namespaces/" + namespace + "/pods",
        StepPods.pod(taskRun, podName, labels, annotations, List.of(prepare), containers,
            taskRun.path("spec").path("serviceAccountName").asText(null)));
    String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + podName;
    context.api().replaceStatus(podPath, StepPods.running(pod, attemptStarted));

    // The script decides every step now; the steps then "run" in order until the first failure.
    List<RunOutcome> outcomes = new ArrayList<>();
    Duration runFor = Duration.ZERO;
    for (Step step : steps) {
      RunOutcome outcome = context.script().run(stepRun(step));
      outcomes.add(outcome);
      context.logs().put(namespace, podName, step.container().getName(), outcome.log());
      runFor = runFor.plus(outcome.duration());
      if (!outcome.succeeded() && !step.continueOnError()) {
        break;
      }
    }
    boolean timesOut = timeout != null && runFor.compareTo(timeout) > 0;
    ObjectNode status = base("Unknown", "Running", "Not all Steps in the Task have finished executing");
    status.put("podName", podName).put("startTime", StepPods.time(attemptStarted));
    ArrayNode stepStates = status.putArray("steps");
    for (Step step : steps) {
      ObjectNode state = stepState(step);
      state.putObject("running").put("startedAt", StepPods.time(attemptStarted));
      stepStates.add(state);
    }
    writeStatus(status);
    if (attempt == 0) {
      context.api().event(taskRun, "TaskRun", "Normal", "Started", "", attemptStarted);
    }
    int thisAttempt = attempt;
    context.after(timesOut ? timeout : runFor, pipelineRun.namespace(), pipelineRun.name(),
        () -> pipelineRun.locked(() -> finishAttempt(thisAttempt, outcomes, timesOut)));
  }

  private void finishAttempt(int which, List<RunOutcome> outcomes, boolean timedOut) {
    if (state.done() || which != attempt) {
      return; // cancelled by a PipelineRun timeout meanwhile
    }
    Instant now = context.clock().instant();
    Map<String, ContainerEnd> podEnds = new LinkedHashMap<>();
    ArrayNode stepStates = Serialization.jsonMapper().createArrayNode();
    Duration offset = Duration.ZERO;
    boolean deadlineReached = false;
    String failure = null;
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String container = step.container().getName();
      Instant from = attemptStarted.plus(context.real(offset));
      ContainerEnd stepEnd;
      ContainerEnd podEnd;
      String terminationReason = null;
      if (deadlineReached) {
        // Never started: Tekton stops the waiting steps with the TaskRun's reason.
        stepEnd = new ContainerEnd(1, "TaskRunTimeout", null, now);
        podEnd = stepEnd;
      } else if (timedOut && (i >= outcomes.size() || offset.plus(outcomes.get(i).duration()).compareTo(timeout) > 0)) {
        stepEnd = new ContainerEnd(1, "TaskRunTimeout", from, now);
        podEnd = stepEnd;
        deadlineReached = true;
      } else if (i >= outcomes.size()) {
        stepEnd = new ContainerEnd(1, "Error", from, from);
        podEnd = stepEnd;
        terminationReason = "Skipped";
      } else {
        RunOutcome outcome = outcomes.get(i);
        offset = offset.plus(outcome.duration());
        Instant end = attemptStarted.plus(context.real(offset));
        if (outcome.succeeded()) {
          stepEnd = new ContainerEnd(0, "Completed", from, end);
          podEnd = stepEnd;
          terminationReason = "Completed";
        } else if (step.continueOnError()) {
          // The entrypoint exits 0 and reports the step's exit code in its termination message.
          stepEnd = new ContainerEnd(outcome.exitCode(), "Completed", from, end);
          podEnd = new ContainerEnd(0, "Completed", from, end);
          terminationReason = "Continued";
        } else {
          stepEnd = new ContainerEnd(outcome.exitCode(), outcome.terminationReason(), from, end);
          podEnd = stepEnd;
          terminationReason = "Error";
          failure = "\"" + container + "\" exited with code " + outcome.exitCode();
        }
      }
      ObjectNode state = stepState(step);
      state.setAll(StepPods.terminated(pod, containerJson(step), stepEnd));
      if (terminationReason != null) {
        state.put("terminationReason", terminationReason);
      }
      stepStates.add(state);
      podEnds.put(container, podEnd);
    }
    boolean failed = timedOut || failure != null;
    context.api().replaceStatus("/api/v1/namespaces/" + namespace + "/pods/" + podName,
        StepPods.terminated(pod, podEnds, attemptStarted, now, failed));
    if (timedOut) {
      context.api().delete("/api/v1/namespaces/" + namespace + "/pods/" + podName);
    }
    String reason = timedOut ? "TaskRunTimeout" : failure == null ? "Succeeded" : "Failed";
    String message = timedOut
        ? "TaskRun \"" + name + "\" failed to finish within \"" + TektonConditions.goDuration(timeout) + "\""
        : failure == null ? "All Steps have completed executing" : failure;
    if (failed && attempt < retries) {
      retry(reason, message, stepStates, now);
      return;
    }
    boolean ignored = failure != null && !timedOut && "continue".equals(task.pipelineTask().path("onError").asText());
    State ending = !failed ? State.SUCCEEDED : timedOut ? State.TIMED_OUT : ignored ? State.FAILURE_IGNORED : State.FAILED;
    end(ending, ignored ? "FailureIgnored" : reason, message, stepStates, now);
  }

  /** Tekton's retryTaskRun: the try's status archived in retriesStatus, Unknown/ToBeRetried, then the next pod. */
  private void retry(String reason, String message, ArrayNode stepStates, Instant now) {
    ObjectNode archived = base("False", reason, message);
    archived.put("podName", podName).put("startTime", StepPods.time(attemptStarted))
        .put("completionTime", StepPods.time(now));
    archived.set("steps", stepStates);
    retriesStatus.add(archived);
    ObjectNode toBeRetried = base("Unknown", "ToBeRetried", message);
    toBeRetried.set("steps", stepStates);
    writeStatus(toBeRetried);
    attempt++;
    runAttempt();
  }

  private void end(State ending, String reason, String message, ArrayNode stepStates, Instant now) {
    state = ending;
    ObjectNode status = base(ending == State.SUCCEEDED ? "True" : "False", reason, message);
    status.put("podName", podName).put("startTime", StepPods.time(attemptStarted))
        .put("completionTime", StepPods.time(now));
    status.set("steps", stepStates);
    writeStatus(status);
    context.api().event(taskRun, "TaskRun", ending == State.SUCCEEDED ? "Normal" : "Warning",
        ending == State.SUCCEEDED ? "Succeeded" : "Failed", message, now);
    pipelineRun.taskRunDone(this);
  }

  /**
   * Steps stopped from outside (cancel). The TaskRun shows every step running until its pod ends (steps are not
   * written one by one), so, as Tekton's failTaskRun does for running and waiting steps, all end with {@code reason}.
   */
  private ArrayNode stoppedSteps(Instant now, String reason) {
    ArrayNode states = Serialization.jsonMapper().createArrayNode();
    for (Step step : steps) {
      ObjectNode state = stepState(step);
      state.setAll(StepPods.terminated(pod, containerJson(step), new ContainerEnd(1, reason, attemptStarted, now)));
      states.add(state);
    }
    return states;
  }

  private ObjectNode base(String status, String reason, String message) {
    ObjectNode s = Serialization.jsonMapper().createObjectNode();
    s.set("conditions", TektonConditions.succeeded(status, reason, message, context.clock().instant()));
    s.set("taskSpec", task.taskSpec());
    if (!retriesStatus.isEmpty()) {
      s.set("retriesStatus", retriesStatus.deepCopy());
    }
    return s;
  }

  private ObjectNode stepState(Step step) {
    ObjectNode state = Serialization.jsonMapper().createObjectNode();
    state.put("name", step.name()).put("container", step.container().getName())
        .put("imageID", StepPods.imageId(containerJson(step)));
    return state;
  }

  private StepRun stepRun(Step step) {
    return new StepRun("tekton", namespace, pipelineRun.name(), pipelineRun.pipelineForScript(), task.name(),
        step.name(), pipelineRun.attempt(), attempt, step.container().getImage(), StepPods.env(step.container()),
        StepPods.memoryLimit(step.container()), pipelineRun.labels(), pipelineRun.annotations());
  }

  private void writeStatus(ObjectNode status) {
    context.api().replaceStatus(collection() + "/" + name, status);
  }

  private String collection() {
    return "/apis/tekton.dev/v1/namespaces/" + namespace + "/taskruns";
  }

  private static JsonNode containerJson(Step step) {
    return Serialization.jsonMapper().valueToTree(step.container());
  }
}
