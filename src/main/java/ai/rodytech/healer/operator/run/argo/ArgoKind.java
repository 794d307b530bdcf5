package ai.rodytech.healer.operator.run.argo;

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
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Argo Workflows ({@code argoproj.io/v1alpha1}). A corrective run is a resubmission: a new Workflow from the failed
 * one's spec, with the WorkflowTemplate's spec resolved into it when a plan changes a template
 * ({@link WorkflowForms}); pods are never deleted and the failed workflow never changed. docs/run-kinds.md has the
 * fields read, changed and forbidden.
 */
public final class ArgoKind implements RunKind<Workflow> {
  /**
   * A workflow's pods: labelled with its name, owned by it (its UID tells a re-created workflow's apart), kept slim
   * with their containers as they ran and the node they ran for.
   */
  static final RunPodWatch.Pods PODS = new RunPodWatch.Pods(WorkflowObserver.WORKFLOW_LABEL,
      pod -> RunFields.ownerUid(pod, Workflow.KIND),
      PodEvidence.slimWithContainers(Set.of(WorkflowObserver.NODE_ID)));

  private final PodReader pods;
  private final PodEvidence evidence;
  private final WorkflowObserver observer;

  public ArgoKind(PodReader pods, Redactor redactor, Clock clock) {
    this.pods = pods;
    this.evidence = new PodEvidence(pods, clock);
    this.observer = new WorkflowObserver(pods, evidence, redactor, clock);
  }

  /** What is read from the workflows' pods while they exist ({@link RunPodWatch} feeds it). */
  PodEvidence evidence() {
    return evidence;
  }

  /** A workflow's pods from the pod watch's cache when it has them all ended, else from the API server. */
  private List<Pod> endedPods(Workflow workflow, List<String> missing) {
    return evidence.livePods(workflow.getMetadata().getUid())
        .filter(cached -> !cached.isEmpty() && cached.stream().allMatch(ArgoKind::mainEnded))
        .orElseGet(() -> pods.pods(workflow.getMetadata().getNamespace(), WorkflowObserver.WORKFLOW_LABEL,
            workflow.getMetadata().getName(), missing));
  }

  private static boolean mainEnded(Pod pod) {
    ContainerStatus main = PodReader.statuses(pod).get(WorkflowObserver.MAIN);
    return main != null && main.getState() != null && main.getState().getTerminated() != null;
  }

  @Override
  public Class<Workflow> type() {
    return Workflow.class;
  }

  @Override
  public RunLayout layout() {
    return WorkflowLayout.INSTANCE;
  }

  @Override
  public RunState state(Workflow workflow) {
    return WorkflowStates.of(workflow);
  }

  /** The WorkflowTemplate it references, else the template or CronWorkflow label Argo set when submitting it. */
  @Override
  public Optional<String> declaredPipeline(Workflow workflow) {
    String ref = RunFields.text(workflow, "spec", "workflowTemplateRef", "name");
    if (ref != null && !ref.isBlank()) {
      return Optional.of(ref);
    }
    Map<String, String> labels = Optional.ofNullable(workflow.getMetadata().getLabels()).orElse(Map.of());
    return Optional.ofNullable(labels.get(WorkflowForms.TEMPLATE_LABEL))
        .or(() -> Optional.ofNullable(labels.get(WorkflowForms.CRON_LABEL)))
        .filter(name -> !name.isBlank());
  }

  @Override
  public FailureSnapshot observe(Workflow workflow, String pipeline, Lineage lineage) {
    return observer.snapshot(workflow, pipeline, lineage);
  }

  @Override
  public ObjectNode comparable(Workflow workflow) {
    return WorkflowForms.comparable(RunTrees.tree(workflow));
  }

  @Override
  public ObjectNode corrective(Workflow failed, CorrectiveRun run) {
    return WorkflowForms.corrective(comparable(failed), RunTrees.tree(failed), run);
  }

  @Override
  public ObjectNode comparable(Workflow workflow, RecoveryPlan plan) {
    return WorkflowForms.resolved(RunTrees.tree(workflow), plan);
  }

  @Override
  public ObjectNode corrective(Workflow failed, CorrectiveRun run, RecoveryPlan plan) {
    JsonNode tree = RunTrees.tree(failed);
    return WorkflowForms.corrective(WorkflowForms.resolved(tree, plan), tree, run);
  }

  /**
   * Each template's image and resolved digest (the {@code main} container of its pods, as they ran), the values
   * of the version pins that are template variables, and those that are workflow parameters.
   */
  @Override
  public KnownGoodVersions versions(Workflow workflow, List<String> pins) {
    VersionsSeen seen = new VersionsSeen(pins).parameters(WorkflowObserver.parameters(RunTrees.tree(workflow)));
    Map<String, Object> nodes = RunFields.map(workflow, "status", "nodes");
    for (Pod pod : endedPods(workflow, new ArrayList<>())) {
      String nodeId = WorkflowObserver.nodeId(pod);
      if (!(nodes.get(nodeId) instanceof Map<?, ?> node && node.get("templateName") instanceof String template)
          || pod.getSpec() == null) {
        continue;
      }
      pod.getSpec().getContainers().stream().filter(c -> WorkflowObserver.MAIN.equals(c.getName())).findFirst()
          .ifPresent(main -> seen.step(template, main, PodReader.statuses(pod).get(WorkflowObserver.MAIN)));
    }
    return seen.of(workflow.getMetadata().getName());
  }

  /** Started once the main container of one of its pods runs or has ended. */
  @Override
  public StartCheck started(Workflow workflow) {
    if (state(workflow).finished()) {
      return new StartCheck.Started();
    }
    // The pod watch's cache when it shows a start (no call); else the API server's pods and Events.
    Optional<List<Pod>> cached = evidence.livePods(workflow.getMetadata().getUid());
    if (cached.isPresent() && PodStarts.of(cached.get(), List::of) instanceof StartCheck.Started started) {
      return started;
    }
    String ns = workflow.getMetadata().getNamespace();
    List<String> missing = new ArrayList<>();
    List<Pod> all = pods.pods(ns, WorkflowObserver.WORKFLOW_LABEL, workflow.getMetadata().getName(), missing);
    return PodStarts.of(all, () -> pods.events(ns, List.of(workflow.getMetadata().getName()), missing));
  }

  @Override
  public Workflow cacheView(Workflow workflow) {
    return WorkflowCacheView.of(workflow);
  }

  /** A Workflow from its tree (tests, the demo). */
  public static Workflow asWorkflow(JsonNode tree) {
    return RunTrees.as(tree, Workflow.class);
  }
}
