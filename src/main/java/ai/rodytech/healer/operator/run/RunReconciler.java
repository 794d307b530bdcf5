package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.operator.HealingLoop;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.PipelineResolver;
import ai.rodytech.healer.operator.PolicyIndex;
import ai.rodytech.healer.operator.PolicyIndex.Coverage;
import ai.rodytech.healer.operator.observe.PodEvidence;
import ai.rodytech.healer.operator.observe.RunPodWatch;
import ai.rodytech.healer.operator.report.EventReason;
import ai.rodytech.healer.operator.report.EventRecorder;
import ai.rodytech.healer.operator.report.HealerMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles the runs of one kind: finds the policy that covers a finished run's pipeline and hands the run to the
 * healing loop; watches the runs the healer created until they start. Each run kind registers a subclass (JOSDK
 * reads the resource type from it); the logic is the same for every kind.
 */
public abstract class RunReconciler<R extends HasMetadata> implements Reconciler<R> {
  private final RunKind<R> kind;
  private final Services services;

  /**
   * What every run reconciler needs.
   *
   * @param policies the cached policies
   * @param loop the healing loop
   * @param events the Event recorder
   * @param metrics the metrics
   * @param staleRunAge runs that finished longer ago are history
   * @param startTimeout how long a run the healer created may take to start before the heal counts as failed
   * @param clock the clock
   */
  public record Services(
      PolicyIndex policies, HealingLoop loop, EventRecorder events, HealerMetrics metrics, Duration staleRunAge,
      Duration startTimeout, Clock clock) {}

  protected RunReconciler(RunKind<R> kind, Services services) {
    this.kind = kind;
    this.services = services;
  }

  /** How long after a run finished a missing policy may still be on its way to the informer's cache. */
  static final Duration POLICY_LAG = Duration.ofSeconds(3);
  private static final Duration LOOK_AGAIN = Duration.ofSeconds(1);

  /** The primary cache's index of runs by namespace and each pipeline they could belong to. */
  static final String BY_PIPELINE = "rodytech.ai/pipeline-candidates";

  /**
   * Indexes the cached runs by the pipelines they could belong to ({@link PipelineResolver#candidates}), so that a
   * pipeline's runs are found without scanning the namespace; then the kind's own event sources.
   */
  @Override
  public final List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
    context.getPrimaryCache().addIndexers(Map.of(BY_PIPELINE, run -> indexKeys(kind, run)));
    return eventSources(context);
  }

  /** Event sources a kind watches beside its runs (none by default). */
  protected List<EventSource<?, R>> eventSources(EventSourceContext<R> context) {
    return List.of();
  }

  /**
   * A watch of the kind's pods feeding {@code evidence}, in the namespaces and with the page size of the runs'
   * informer, capturing only namespaces a policy covers.
   */
  protected final RunPodWatch<R> podWatch(EventSourceContext<R> context, String name, PodEvidence evidence,
      RunPodWatch.Pods pods) {
    return new RunPodWatch<>(name, context.getClient(), watchedNamespaces(context), listLimit(context), evidence, pods,
        ns -> !services.policies().targets(ns).isEmpty());
  }

  /** The namespaces the runs' informer watches (empty for all): a kind's other watches cover the same. */
  protected static <R extends HasMetadata> Set<String> watchedNamespaces(EventSourceContext<R> context) {
    InformerConfiguration<R> runs = context.getControllerConfiguration().getInformerConfig();
    return runs.watchAllNamespaces() ? Set.of() : runs.getNamespaces();
  }

  /** The page size of the runs' informer's initial lists, or null. */
  protected static <R extends HasMetadata> Long listLimit(EventSourceContext<R> context) {
    return context.getControllerConfiguration().getInformerConfig().getInformerListLimit();
  }

  static <R extends HasMetadata> List<String> indexKeys(RunKind<R> kind, R run) {
    String ns = run.getMetadata().getNamespace();
    return PipelineResolver.candidates(run, kind.declaredPipeline(run)).stream().map(p -> ns + "/" + p).toList();
  }

  /** Which informer events concern the healer: finished runs, and the healer's own runs until they finish. */
  public static <R extends HasMetadata> boolean relevant(RunKind<R> kind, R run) {
    return kind.state(run).finished() || Labels.MANAGER.equals(label(run, Labels.MANAGED_BY));
  }

  /**
   * Whether an update of a run is worth a reconciliation: it concerns the healer ({@link #relevant}, before or
   * after) and it is not a finished run staying finished the same way. An engine may write more than one status for
   * one ending (the job controller writes FailureTarget then Failed, SuccessCriteriaMet then Complete): the run was
   * judged at the first, and judging it again only found the decision made. A run JOSDK failed to reconcile is
   * retried by JOSDK, and a run that waits (a cooldown, a policy not cached yet) reschedules itself, so no later
   * event is needed for either.
   */
  public static <R extends HasMetadata> boolean worthReconciling(RunKind<R> kind, R now, R before) {
    if (!relevant(kind, now) && !relevant(kind, before)) {
      return false;
    }
    RunState was = kind.state(before);
    RunState is = kind.state(now);
    return !(was.finished() && is.finished() && was.getClass() == is.getClass());
  }

  @Override
  public UpdateControl<R> reconcile(R run, Context<R> context) {
    long start = System.nanoTime();
    try {
      return handle(run, context);
    } finally {
      services.metrics().reconciled(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private UpdateControl<R> handle(R cached, Context<R> context) {
    RunHandle<R> run = RunHandle.of(kind, cached);
    RunState state = run.state();
    Coverage coverage = services.policies().coverage(cached, run.declaredPipeline());
    if (!state.finished()) {
      // A kind that sees deletions (JobReconciler) gets them here too: a run deleted unfinished is not waited for.
      if (context.isPrimaryResourceDeleted()) {
        return UpdateControl.noUpdate();
      }
      if (coverage instanceof Coverage.Covered covered && run.lineage().isRetry()) {
        return reschedule(services.loop().watchStart(run, covered.policy(), services.startTimeout()));
      }
      return UpdateControl.noUpdate();
    }
    if (coverage instanceof Coverage.Conflict conflict) {
      services.events().record(cached, EventReason.PolicyConflict, String.format(
          "Policies %s all target pipeline %s; the healer will not act until only one does.",
          conflict.policies().stream().map(p -> p.getMetadata().getName()).collect(Collectors.joining(", ")),
          conflict.pipeline()));
      return UpdateControl.noUpdate();
    }
    if (coverage instanceof Coverage.Invalid invalid) {
      services.events().record(cached, EventReason.PolicyInvalid, String.format(
          "Policy %s for pipeline %s is invalid (see its status); the healer will not act.",
          invalid.policy().getMetadata().getName(), invalid.pipeline()));
      return UpdateControl.noUpdate();
    }
    if (coverage instanceof Coverage.None && !context.isPrimaryResourceDeleted()) {
      return lookAgainIfJustFinished(run);
    }
    if (!(coverage instanceof Coverage.Covered covered) || stale(run, covered.policy())) {
      return UpdateControl.noUpdate();
    }
    PipelineRuns runs = pipelineRuns(context, cached.getMetadata().getNamespace(), covered.pipeline());
    if (state instanceof RunState.Succeeded) {
      services.loop().onSuccess(run, covered.policy(), covered.pipeline(), runs);
      return UpdateControl.noUpdate();
    }
    return reschedule(services.loop().onFailure(run, covered.policy(), covered.pipeline(), runs));
  }

  private UpdateControl<R> reschedule(HealingLoop.Next next) {
    return next.retryAfter().<UpdateControl<R>>map(d -> UpdateControl.<R>noUpdate().rescheduleAfter(d))
        .orElse(UpdateControl.noUpdate());
  }

  /**
   * The pipeline's runs of this kind in the namespace, from the informer's cache (no API call): the runs indexed
   * under the pipeline, each checked against the policies' targets as coverage is.
   */
  private PipelineRuns pipelineRuns(Context<R> context, String namespace, String pipeline) {
    Set<String> targets = services.policies().targets(namespace);
    List<RunHandle<?>> runs = context.getPrimaryCache().byIndex(BY_PIPELINE, namespace + "/" + pipeline).stream()
        .map(r -> (RunHandle<?>) RunHandle.of(kind, r))
        .filter(r -> PipelineResolver.pipelineOf(r.run(), r.declaredPipeline(), targets)
            .map(pipeline::equals).orElse(false))
        .collect(Collectors.toList());
    return new PipelineRuns(runs);
  }

  /**
   * A run no policy covers that finished moments ago is looked at again a second later, until it is
   * {@link #POLICY_LAG} old: a policy created just before the run failed may not be in the policy informer's cache
   * yet (two watches, no order between them), and the run's events are over, so nothing else would bring it back.
   */
  private UpdateControl<R> lookAgainIfJustFinished(RunHandle<R> run) {
    Instant finishedAt = run.finishedOrCreated();
    // Timestamps are whole seconds: a run can look up to a second older than it is.
    boolean recent = finishedAt != null
        && !finishedAt.isBefore(services.clock().instant().minus(POLICY_LAG).minusSeconds(1));
    return recent ? UpdateControl.<R>noUpdate().rescheduleAfter(LOOK_AGAIN) : UpdateControl.noUpdate();
  }

  /**
   * A run that finished before its policy existed, or long ago, is history: the healer does not act on it (this
   * keeps a restart or a new policy from healing last week's failures).
   */
  private boolean stale(RunHandle<R> run, PipelineRecoveryPolicy policy) {
    Instant finishedAt = run.finishedOrCreated();
    if (finishedAt == null) {
      return false;
    }
    Optional<Instant> policyCreated = Optional.ofNullable(RunHandle.instant(policy.getMetadata().getCreationTimestamp()));
    boolean beforePolicy = policyCreated.map(created -> finishedAt.isBefore(created.minusSeconds(1))).orElse(false);
    return beforePolicy || finishedAt.isBefore(services.clock().instant().minus(services.staleRunAge()));
  }

  private static String label(HasMetadata run, String key) {
    return Objects.requireNonNullElse(run.getMetadata().getLabels(), Map.<String, String>of()).get(key);
  }
}
