package ai.rodytech.healer.sim.tekton;

import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.engine.EngineApi;
import ai.rodytech.healer.sim.engine.EngineContext;
import ai.rodytech.healer.sim.engine.JsonStrings;
import ai.rodytech.healer.sim.engine.StepPods;
import ai.rodytech.healer.sim.tekton.PipelineResolution.Rejected;
import ai.rodytech.healer.sim.tekton.PipelineResolution.Resolved;
import ai.rodytech.healer.sim.tekton.PipelineResolution.ResolvedTask;
import ai.rodytech.healer.sim.tekton.TaskRunExecution.State;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PipelineRun in the simulated Tekton controller: resolved and validated, then its pipeline tasks run as
 * TaskRuns in runAfter order (the {@code finally} tasks once the others are done), stopping new tasks after a
 * failure, and cut short by {@code timeouts.pipeline}. The PipelineRun's status is written whole, once per
 * transition, as Tekton's reconciler writes it.
 */
final class PipelineRunExecution {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  private final EngineContext context;
  private final JsonNode run;
  private final String namespace;
  private final String name;
  private final Map<String, TaskRunExecution> taskRuns = new LinkedHashMap<>();
  private final ArrayNode childReferences = Serialization.jsonMapper().createArrayNode();
  private final String pipelineForScript;
  private Resolved resolved;
  private ObjectNode status;
  private Instant started;
  private Duration timeout;
  private boolean stopping;
  private boolean finallyStarted;
  private boolean timingOut;
  private boolean done;

  PipelineRunExecution(EngineContext context, JsonNode run) {
    this.context = context;
    this.run = run;
    this.namespace = run.path("metadata").path("namespace").asText();
    this.name = run.path("metadata").path("name").asText();
    JsonNode labels = run.path("metadata").path("labels");
    this.pipelineForScript = firstNonEmpty(spec().path("pipelineRef").path("name").asText(""),
        labels.path("tekton.dev/pipeline").asText(""), labels.path(RunScript.PIPELINE_LABEL).asText(""), name);
  }

  String namespace() {
    return namespace;
  }

  String name() {
    return name;
  }

  JsonNode spec() {
    return run.path("spec");
  }

  /** The pipeline a script is told about: pipelineRef name, else the labels the run was created with, else its name. */
  String pipelineForScript() {
    return pipelineForScript;
  }

  int attempt() {
    return RunScript.attemptOf(annotations());
  }

  Map<String, String> labels() {
    return JsonStrings.stringMap(run.path("metadata").path("labels"));
  }

  Map<String, String> annotations() {
    return JsonStrings.stringMap(run.path("metadata").path("annotations"));
  }

  /** Runs {@code action} under this run's lock: TaskRun transitions of one PipelineRun never interleave. */
  synchronized void locked(Runnable action) {
    action.run();
  }

  synchronized void begin() {
    started = context.clock().instant();
    var outcome = PipelineResolution.resolve(context.api(), run);
    if (outcome instanceof Rejected rejected) {
      status = Serialization.jsonMapper().createObjectNode();
      status.set("conditions", TektonConditions.succeeded("False", rejected.reason(), rejected.message(), started));
      status.put("startTime", StepPods.time(started)).put("completionTime", StepPods.time(started));
      writeStatus();
      context.api().event(run, "PipelineRun", "Warning", "Failed", rejected.message(), started);
      done = true;
      context.finished(namespace, name, false, rejected.reason());
      return;
    }
    resolved = (Resolved) outcome;
    context.api().patch(path(), "[" + EngineApi.labelOps(run.path("metadata").path("labels"),
        Map.of("tekton.dev/pipeline", resolved.pipelineName())) + "]");
    timeout = TektonConditions.parseGoDuration(spec().path("timeouts").path("pipeline").asText(null), DEFAULT_TIMEOUT);
    status = Serialization.jsonMapper().createObjectNode();
    status.put("startTime", StepPods.time(started));
    status.set("pipelineSpec", resolved.pipelineSpec());
    status.set("childReferences", childReferences);
    context.api().event(run, "PipelineRun", "Normal", "Started", "", started);
    launchReady();
    writeRunning();
    if (timeout != null) {
      context.after(timeout, namespace, name, () -> locked(this::timeOut));
    }
  }

  /** Called (under the lock) when one of this run's TaskRuns has ended for good. */
  void taskRunDone(TaskRunExecution taskRun) {
    if (done || timingOut) {
      return;
    }
    if (taskRun.state().failed() || taskRun.state() == State.CANCELLED) {
      stopping = true;
    }
    launchReady();
    if (taskRuns.values().stream().anyMatch(t -> !t.state().done())) {
      writeRunning();
      return;
    }
    if (!finallyStarted && !resolved.finallyTasks().isEmpty()) {
      finallyStarted = true;
      status.put("finallyStartTime", StepPods.time(context.clock().instant()));
      resolved.finallyTasks().forEach(this::startTaskRun);
      writeRunning();
      return;
    }
    complete(false);
  }

  /** The run's taskRunSpecs entry for a pipeline task (an empty node when none). */
  JsonNode taskRunSpec(String pipelineTask) {
    for (JsonNode entry : spec().path("taskRunSpecs")) {
      if (entry.path("pipelineTaskName").asText().equals(pipelineTask)) {
        return entry;
      }
    }
    return Serialization.jsonMapper().createObjectNode();
  }

  /** The labels Tekton puts on a TaskRun of this run: the run's, plus where it comes from. */
  Map<String, String> taskRunLabels(ResolvedTask task) {
    Map<String, String> labels = labels();
    labels.put("tekton.dev/pipeline", resolved.pipelineName());
    labels.put("tekton.dev/pipelineRun", name);
    labels.put("tekton.dev/pipelineRunUID", run.path("metadata").path("uid").asText());
    labels.put("tekton.dev/pipelineTask", task.name());
    labels.put("tekton.dev/memberOf", task.isFinally() ? "finally" : "tasks");
    if (task.taskName() != null) {
      labels.put("tekton.dev/task", task.taskName());
    }
    return labels;
  }

  ObjectNode ownerReference() {
    ObjectNode owner = Serialization.jsonMapper().createObjectNode();
    owner.put("apiVersion", "tekton.dev/v1").put("kind", "PipelineRun").put("name", name)
        .put("uid", run.path("metadata").path("uid").asText()).put("controller", true).put("blockOwnerDeletion", true);
    return owner;
  }

  private void launchReady() {
    if (stopping || finallyStarted) {
      return;
    }
    for (ResolvedTask task : resolved.tasks()) {
      if (!taskRuns.containsKey(task.name()) && task.runAfter().stream().allMatch(this::passed)) {
        startTaskRun(task);
      }
    }
  }

  private boolean passed(String pipelineTask) {
    TaskRunExecution taskRun = taskRuns.get(pipelineTask);
    return taskRun != null && (taskRun.state() == State.SUCCEEDED || taskRun.state() == State.FAILURE_IGNORED);
  }

  private void startTaskRun(ResolvedTask task) {
    TaskRunExecution taskRun = new TaskRunExecution(this, context, task, TektonNames.child(name, "-" + task.name()));
    taskRuns.put(task.name(), taskRun);
    childReferences.addObject().put("apiVersion", "tekton.dev/v1").put("kind", "TaskRun").put("name", taskRun.name())
        .put("pipelineTaskName", task.name());
    taskRun.start();
  }

  private void timeOut() {
    if (done) {
      return;
    }
    timingOut = true;
    taskRuns.values().forEach(TaskRunExecution::cancelForPipelineTimeout);
    complete(true);
  }

  private void complete(boolean timedOut) {
    done = true;
    Instant now = context.clock().instant();
    Counts counts = counts();
    String reason;
    String message;
    if (timedOut) {
      reason = "PipelineRunTimeout";
      message = "PipelineRun \"" + name + "\" failed to finish within \"" + TektonConditions.goDuration(timeout) + "\"";
    } else {
      reason = counts.failed > 0 ? "Failed" : counts.cancelled > 0 ? "Cancelled" : counts.skipped > 0 ? "Completed" : "Succeeded";
      message = counts.ignored > 0
          ? "Tasks Completed: " + counts.completed() + " (Failed: " + (counts.failed + counts.ignored) + " (Ignored: "
              + counts.ignored + "), Cancelled " + counts.cancelled + "), Skipped: " + counts.skipped
          : "Tasks Completed: " + counts.completed() + " (Failed: " + counts.failed + ", Cancelled " + counts.cancelled
              + "), Skipped: " + counts.skipped;
    }
    boolean succeeded = !timedOut && counts.failed == 0 && counts.cancelled == 0;
    status.set("conditions", TektonConditions.succeeded(succeeded ? "True" : "False", reason, message, now));
    status.put("completionTime", StepPods.time(now));
    List<String> skipped = skippedTasks();
    if (!skipped.isEmpty()) {
      ArrayNode skippedTasks = status.putArray("skippedTasks");
      String why = timedOut ? "PipelineRun timeout has been reached" : "PipelineRun was stopping";
      skipped.forEach(t -> skippedTasks.addObject().put("name", t).put("reason", why));
    }
    writeStatus();
    context.finished(namespace, name, succeeded, reason);
    context.api().event(run, "PipelineRun", succeeded ? "Normal" : "Warning", succeeded ? "Succeeded" : "Failed",
        message, now);
  }

  private void writeRunning() {
    Counts c = counts();
    status.set("conditions", TektonConditions.succeeded("Unknown", "Running", "Tasks Completed: " + c.completed()
        + " (Failed: " + (c.failed + c.ignored) + ", Cancelled " + c.cancelled + "), Incomplete: " + c.incomplete
        + ", Skipped: " + c.skipped, context.clock().instant()));
    writeStatus();
  }

  private record Counts(int succeeded, int failed, int ignored, int cancelled, int skipped, int incomplete) {
    int completed() {
      return succeeded + failed + ignored + cancelled;
    }
  }

  private Counts counts() {
    int succeeded = 0;
    int failed = 0;
    int ignored = 0;
    int cancelled = 0;
    for (TaskRunExecution t : taskRuns.values()) {
      switch (t.state()) {
        case SUCCEEDED -> succeeded++;
        case FAILED, TIMED_OUT -> failed++;
        case FAILURE_IGNORED -> ignored++;
        case CANCELLED -> cancelled++;
        case RUNNING -> { }
      }
    }
    int skipped = stopping || done ? skippedTasks().size() : 0;
    int total = resolved.tasks().size() + resolved.finallyTasks().size();
    return new Counts(succeeded, failed, ignored, cancelled, skipped, total - succeeded - failed - ignored - cancelled - skipped);
  }

  /** DAG tasks that never got a TaskRun because the run was stopping (finally tasks always run). */
  private List<String> skippedTasks() {
    List<String> skipped = new ArrayList<>();
    resolved.tasks().stream().map(ResolvedTask::name).filter(t -> !taskRuns.containsKey(t)).forEach(skipped::add);
    if (timingOut && !finallyStarted) {
      resolved.finallyTasks().stream().map(ResolvedTask::name).forEach(skipped::add);
    }
    return skipped;
  }

  private void writeStatus() {
    context.api().replaceStatus(path(), status);
  }

  private String path() {
    return "/apis/tekton.dev/v1/namespaces/" + namespace + "/pipelineruns/" + name;
  }


  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (!v.isEmpty()) {
        return v;
      }
    }
    return "";
  }
}
