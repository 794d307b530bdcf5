package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.RunRef;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.observe.PodEvidence;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.observe.PodReader.Termination;
import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.engine.RunFields;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import ai.rodytech.healer.operator.run.engine.StepObservations;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds the failure snapshot of a failed PipelineRun from its TaskRuns: every step that ran is a container (id
 * {@code <pipeline task>/<step>}) with what its pod ran it with; the failed step is the first step of the first
 * failed TaskRun (by completion) that exited non-zero and was neither skipped nor allowed to fail
 * ({@code onError: continue}); its exit code and reason come from the TaskRun's {@code steps[].terminated}, its log
 * from the container {@code step-<name>} of the TaskRun's pod. The run's parameters are the unit
 * {@link TektonLayout#PARAMS}. Events are read only when no step tells what happened (a timeout that deleted the
 * pod, a pod that never started). Never changes the cluster.
 */
final class TektonObserver {
  private static final Set<String> NOT_THE_FAILURE = Set.of("Skipped", "Continued");

  private final TaskRuns taskRuns;
  private final PodReader pods;
  private final PodEvidence evidence;
  private final Redactor redactor;
  private final Clock clock;

  TektonObserver(TaskRuns taskRuns, PodReader pods, PodEvidence evidence, Redactor redactor, Clock clock) {
    this.taskRuns = taskRuns;
    this.pods = pods;
    this.evidence = evidence;
    this.redactor = redactor;
    this.clock = clock;
  }

  /** A step of a TaskRun as the observer found it, with its TaskRun's pods ({@code seen}, {@code pod} among them). */
  private record Step(String id, String task, JsonNode taskRun, JsonNode state, PodEvidence.Seen seen, Pod pod) {
    String container() {
      return state.path("container").asText("step-" + state.path("name").asText());
    }

    Optional<Termination> ended() {
      JsonNode t = state.path("terminated");
      return t.isObject() ? Optional.of(new Termination(container(), t.path("exitCode").asInt(),
          RunTrees.text(t, "reason"), false)) : Optional.empty();
    }

    boolean failed() {
      return state.path("terminated").path("exitCode").asInt(0) != 0
          && !NOT_THE_FAILURE.contains(state.path("terminationReason").asText());
    }
  }

  FailureSnapshot snapshot(PipelineRun run, String pipeline, Lineage lineage) {
    String ns = run.getMetadata().getNamespace();
    String name = run.getMetadata().getName();
    RunRef ref = new RunRef(PipelineRun.KIND, ns, name, run.getMetadata().getUid(), pipeline, lineage.root(),
        lineage.attempt());
    List<String> missing = new ArrayList<>();
    RunState state = PipelineRunStates.of(run);
    String runReason = state.failedReason();
    String runMessage = state.failedMessage();

    Map<String, JsonNode> byTask = taskRuns.observed(run, missing);
    if (byTask.isEmpty()) {
      missing.add("no TaskRuns found for the PipelineRun (it failed before any task ran, or they were deleted)");
    }
    // The run's pods are listed at most once, and only when the pod watch's cache lacks a TaskRun's ended pod.
    Supplier<List<Pod>> all = once(() -> pods.pods(ns, TaskRuns.PIPELINE_RUN_LABEL, name, missing));
    List<Step> steps = new ArrayList<>();
    byTask.forEach((task, taskRun) -> {
      String uid = taskRun.path("metadata").path("uid").asText();
      String podName = taskRun.path("status").path("podName").asText("");
      // A TaskRun that never got a pod has none to look for.
      PodEvidence.Seen seen = podName.isEmpty() ? PodEvidence.Seen.NONE : evidence.seen(uid,
          cached -> ended(cached, podName), () -> all.get().stream().filter(p -> RunFields.ownedBy(p, uid)).toList());
      Pod pod = seen.all().stream().filter(p -> p.getMetadata().getName().equals(podName)).findFirst()
          .orElse(null);
      for (JsonNode s : taskRun.path("status").path("steps")) {
        steps.add(new Step(task + "/" + s.path("name").asText(), task, taskRun, s, seen, pod));
      }
    });
    Optional<JsonNode> failedTaskRun = byTask.values().stream()
        .filter(TektonObserver::failed)
        .min(Comparator.comparing(tr -> tr.path("status").path("completionTime").asText("~")));
    Optional<Step> failedStep = failedTaskRun.flatMap(tr -> steps.stream()
        .filter(s -> s.taskRun() == tr && s.failed()).findFirst());

    List<ContainerObservation> containers = new ArrayList<>();
    steps.forEach(s -> containers.add(observe(s)));
    containers.add(ContainerObservation.parameters(TektonLayout.PARAMS, params(run)));

    String taskReason = failedTaskRun.map(tr -> condition(tr, "reason")).orElse(null);
    // A timeout or cancellation of the task says more than how its step ended; else the step's own reason.
    String reason = PipelineRunStates.taskStopped(taskReason) ? taskReason
        : failedStep.flatMap(Step::ended).map(Termination::reason)
            .orElse(taskReason != null && !taskReason.isEmpty() ? taskReason : runReason);
    String message = failedTaskRun.map(tr -> "TaskRun " + tr.path("metadata").path("name").asText() + ": "
        + condition(tr, "message")).orElse(runMessage);

    List<String> events = List.of();
    if (failedStep.isEmpty()) {
      List<String> names = new ArrayList<>(List.of(name));
      failedTaskRun.ifPresent(tr -> {
        names.add(tr.path("metadata").path("name").asText());
        String podName = tr.path("status").path("podName").asText("");
        if (!podName.isEmpty()) {
          names.add(podName);
        }
      });
      events = pods.events(ns, names, missing);
    }
    LogTail log = LogTail.EMPTY;
    if (failedStep.isPresent()) {
      Step step = failedStep.get();
      if (step.pod() == null) {
        missing.add("the pod of TaskRun " + step.taskRun().path("metadata").path("name").asText()
            + " is gone (Tekton deletes it on a timeout or cancellation; or it was pruned), so step "
            + step.id() + " has no log");
      } else {
        log = evidence.log(step.seen(), step.pod(), step.container(), false, missing);
      }
    }
    return new FailureSnapshot(ref, failedStep.map(Step::id).orElse(null),
        failedStep.flatMap(Step::ended).map(Termination::exitCode).orElse(null), reason,
        redactor.redact(message), containers, events, log, missing, clock.instant());
  }

  /**
   * Whether the watch's cache has the TaskRun's pod as it ended (or being deleted): a step's log and how it ran
   * are then read from it; else the pods are listed (the cache may lag the TaskRun).
   */
  private static boolean ended(List<Pod> cached, String podName) {
    return cached.stream().filter(p -> p.getMetadata().getName().equals(podName)).anyMatch(p ->
        p.getMetadata().getDeletionTimestamp() != null || p.getStatus() != null
            && ("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase())));
  }

  /** {@code supplier}'s answer, asked for at most once. */
  private static <T> Supplier<T> once(Supplier<T> supplier) {
    List<T> answer = new ArrayList<>(1);
    return () -> {
      if (answer.isEmpty()) {
        answer.add(supplier.get());
      }
      return answer.get(0);
    };
  }

  private static ContainerObservation observe(Step step) {
    Optional<Container> container = step.pod() == null ? Optional.empty()
        : step.pod().getSpec().getContainers().stream().filter(c -> c.getName().equals(step.container())).findFirst();
    ContainerObservation seen = container
        .map(c -> StepObservations.fromPod(step.id(), c, PodReader.statuses(step.pod()).get(c.getName()),
            step.ended()))
        .orElseGet(() -> StepObservations.fromSpec(step.id(), specOf(step), "computeResources", step.ended()));
    String stepReason = step.state().path("terminationReason").asText("");
    if (NOT_THE_FAILURE.contains(stepReason)) {
      // Tekton ends a skipped step with exit 1 and lets an onError: continue step go on: neither failed the task.
      return new ContainerObservation(seen.name(), seen.image(), seen.imageId(), seen.memoryLimit(),
          seen.memoryRequest(), null, stepReason, seen.env(), false);
    }
    return seen;
  }

  /** The step as its Task declares it (the TaskRun's resolved spec), for a step whose pod is gone. */
  private static JsonNode specOf(Step step) {
    String name = step.state().path("name").asText();
    return RunTrees.elements(step.taskRun().path("status").path("taskSpec").path("steps"))
        .filter(s -> name.equals(s.path("name").asText()))
        .findFirst()
        .orElse(step.state());
  }

  private static boolean failed(JsonNode taskRun) {
    return RunTrees.elements(taskRun.path("status").path("conditions"))
        .anyMatch(c -> "Succeeded".equals(c.path("type").asText()) && "False".equals(c.path("status").asText())
            && !PipelineRunStates.FAILURE_IGNORED.equals(c.path("reason").asText()));
  }

  private static String condition(JsonNode taskRun, String field) {
    return RunTrees.elements(taskRun.path("status").path("conditions"))
        .filter(c -> "Succeeded".equals(c.path("type").asText()))
        .map(c -> c.path(field).asText(""))
        .findFirst()
        .orElse("");
  }

  /** The run's string parameters as they took effect: the Pipeline's defaults, overridden by the run's params. */
  static Map<String, String> params(PipelineRun run) {
    JsonNode tree = RunTrees.tree(run);
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode p : tree.path("status").path("pipelineSpec").path("params")) {
      if (p.path("default").isTextual()) {
        values.put(p.path("name").asText(), p.path("default").asText());
      }
    }
    for (JsonNode p : tree.path("spec").path("params")) {
      if (p.path("value").isTextual()) {
        values.put(p.path("name").asText(), p.path("value").asText());
      }
    }
    return values;
  }
}
