package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.observe.PodEvidence;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.observe.RunPodWatch;
import ai.rodytech.healer.operator.run.CorrectiveRun;
import ai.rodytech.healer.operator.run.RunKind;
import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.StartCheck;
import ai.rodytech.healer.operator.run.engine.PodStarts;
import ai.rodytech.healer.operator.run.engine.RunFields;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import ai.rodytech.healer.operator.run.engine.VersionsSeen;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tekton PipelineRuns ({@code tekton.dev/v1}). A corrective run is a new PipelineRun from the failed one's spec;
 * a plan that changes a step gets the Pipeline and that Task resolved into it ({@link PipelineRunForms}).
 * docs/run-kinds.md has the fields read, changed and forbidden.
 */
public final class TektonKind implements RunKind<PipelineRun> {
  /** The label Tekton's controller puts on a run (and its TaskRuns) with the Pipeline's name. */
  static final String PIPELINE_LABEL = "tekton.dev/pipeline";
  private static final String STEP_PREFIX = "step-";

  /**
   * The runs' pods: labelled with the PipelineRun's name, owned by their TaskRun (its UID tells a re-created run's
   * apart, and is what they are kept under), kept slim with their containers as they ran.
   */
  static final RunPodWatch.Pods PODS = new RunPodWatch.Pods(TaskRuns.PIPELINE_RUN_LABEL,
      pod -> RunFields.ownerUid(pod, TaskRuns.KIND),
      PodEvidence.slimWithContainers(Set.of()));

  private final TaskRuns taskRuns;
  private final PodReader pods;
  private final PodEvidence evidence;
  private final TektonObserver observer;

  public TektonKind(KubernetesClient client, PodReader pods, Redactor redactor, Clock clock) {
    this.taskRuns = new TaskRuns(client);
    this.pods = pods;
    this.evidence = new PodEvidence(pods, clock);
    this.observer = new TektonObserver(taskRuns, pods, evidence, redactor, clock);
  }

  /** What is read from the runs' pods while they exist ({@link RunPodWatch} feeds it). */
  PodEvidence evidence() {
    return evidence;
  }

  /** The runs' TaskRuns ({@link TaskRunWatch} caches them). */
  TaskRuns taskRuns() {
    return taskRuns;
  }

  @Override
  public Class<PipelineRun> type() {
    return PipelineRun.class;
  }

  @Override
  public RunLayout layout() {
    return TektonLayout.INSTANCE;
  }

  @Override
  public RunState state(PipelineRun run) {
    return PipelineRunStates.of(run);
  }

  /**
   * The {@code pipelineRef} name, else the {@code tekton.dev/pipeline} label — unless that label is the run's own
   * name, which is what Tekton writes for a run with an inline {@code pipelineSpec}: it declares no pipeline.
   */
  @Override
  public Optional<String> declaredPipeline(PipelineRun run) {
    String ref = RunFields.text(run, "spec", "pipelineRef", "name");
    if (ref != null && !ref.isBlank()) {
      return Optional.of(ref);
    }
    Map<String, String> labels = run.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(PIPELINE_LABEL);
    return label == null || label.isBlank() || label.equals(run.getMetadata().getName()) ? Optional.empty()
        : Optional.of(label);
  }

  @Override
  public FailureSnapshot observe(PipelineRun run, String pipeline, Lineage lineage) {
    return observer.snapshot(run, pipeline, lineage);
  }

  /** A TaskRun that timed out (or was cancelled with its run) goes to a person, like a PipelineRun's timeout. */
  @Override
  public Optional<String> forPerson(FailureSnapshot snapshot) {
    if (!PipelineRunStates.taskStopped(snapshot.reason())) {
      return Optional.empty();
    }
    String task = snapshot.failedContainer() == null ? "" : snapshot.failedContainer().split("/", 2)[0];
    return Optional.ofNullable(PipelineRunStates.forPersonByTask(
        task.isEmpty() ? "of the run" : "of task " + task, snapshot.reason(), snapshot.message()));
  }

  @Override
  public ObjectNode comparable(PipelineRun run) {
    return PipelineRunForms.comparable(RunTrees.tree(run));
  }

  @Override
  public ObjectNode corrective(PipelineRun failed, CorrectiveRun run) {
    return RunTrees.corrective(comparable(failed), failed.getMetadata().getNamespace(), run);
  }

  @Override
  public ObjectNode comparable(PipelineRun run, RecoveryPlan plan) {
    return PipelineRunForms.resolved(RunTrees.tree(run), () -> taskRuns.whole(run, new ArrayList<>()), plan);
  }

  @Override
  public ObjectNode corrective(PipelineRun failed, CorrectiveRun run, RecoveryPlan plan) {
    return RunTrees.corrective(comparable(failed, plan), failed.getMetadata().getNamespace(), run);
  }

  /**
   * Each step's image and resolved digest (from the run's pods: parameters substituted, as they ran), the
   * values of the version pins that are step variables, and those that are pipeline parameters.
   */
  @Override
  public KnownGoodVersions versions(PipelineRun run, List<String> pins) {
    VersionsSeen seen = new VersionsSeen(pins).parameters(TektonObserver.params(run));
    for (Pod pod : pods.pods(run.getMetadata().getNamespace(), TaskRuns.PIPELINE_RUN_LABEL,
        run.getMetadata().getName(), new ArrayList<>())) {
      String task = Optional.ofNullable(pod.getMetadata().getLabels()).map(l -> l.get(TaskRuns.PIPELINE_TASK_LABEL))
          .orElse(null);
      if (task == null || pod.getSpec() == null) {
        continue;
      }
      Map<String, ContainerStatus> statuses = PodReader.statuses(pod);
      for (Container c : pod.getSpec().getContainers()) {
        if (c.getName().startsWith(STEP_PREFIX)) {
          seen.step(task + "/" + c.getName().substring(STEP_PREFIX.length()), c, statuses.get(c.getName()));
        }
      }
    }
    return seen.of(run.getMetadata().getName());
  }

  /** Started once a step container of one of its TaskRuns' pods runs or has ended. */
  @Override
  public StartCheck started(PipelineRun run) {
    if (state(run).finished()) {
      return new StartCheck.Started();
    }
    String ns = run.getMetadata().getNamespace();
    List<String> missing = new ArrayList<>();
    List<Pod> all = pods.pods(ns, TaskRuns.PIPELINE_RUN_LABEL, run.getMetadata().getName(), missing);
    return PodStarts.of(all, () -> pods.events(ns, List.of(run.getMetadata().getName()), missing));
  }

  @Override
  public PipelineRun cacheView(PipelineRun run) {
    return PipelineRunCacheView.of(run);
  }

  /** A PipelineRun from its tree (tests, the demo). */
  public static PipelineRun asPipelineRun(JsonNode tree) {
    return RunTrees.as(tree, PipelineRun.class);
  }
}
