package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.FieldProblem;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyValidator;
import ai.rodytech.healer.operator.report.EventReason;
import ai.rodytech.healer.operator.report.EventRecorder;
import ai.rodytech.healer.operator.report.HealerMetrics;
import ai.rodytech.healer.operator.incident.IncidentJournal;
import ai.rodytech.healer.operator.report.PolicyStatusAggregator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Reconciles policies: validates them (Invalid names each bad field), detects two policies targeting one
 * pipeline (both get Conflict, neither acts), marks the rest Ready, and prunes old incidents. Runs again at
 * least every 30 seconds so a conflict clears soon after one of the two policies is deleted.
 */
@ControllerConfiguration(
    name = "pipeline-healer-policies",
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 30, timeUnit = TimeUnit.SECONDS))
public final class PolicyReconciler implements Reconciler<PipelineRecoveryPolicy> {
  private final PolicyIndex index;
  private final PolicyStatusAggregator status;
  private final EventRecorder events;
  private final IncidentJournal incidents;
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
  private final java.util.Map<String, java.time.Instant> lastPruned = new java.util.concurrent.ConcurrentHashMap<>();
  private final HealerMetrics metrics;
  private final IncidentRetention retention;
  private final Clock clock;

  /** How long finished incidents are kept, and how many per pipeline at most. */
  public record IncidentRetention(Duration maxAge, int maxCount) {}

  public PolicyReconciler(
      PolicyIndex index, PolicyStatusAggregator status, EventRecorder events, IncidentJournal incidents,
      HealerMetrics metrics, IncidentRetention retention, Clock clock) {
    this.metrics = metrics;
    this.index = index;
    this.status = status;
    this.events = events;
    this.incidents = incidents;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public UpdateControl<PipelineRecoveryPolicy> reconcile(
      PipelineRecoveryPolicy policy, Context<PipelineRecoveryPolicy> context) {
    if (policy.getSpec() != null && policy.getSpec().getTargetPipeline() != null) {
      metrics.guarding(policy.getMetadata().getNamespace(), policy.getSpec().getTargetPipeline());
    }
    List<FieldProblem> problems = PolicyValidator.validate(policy);
    if (!problems.isEmpty()) {
      String message = problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; "));
      status.markInvalid(policy, message);
      events.record(policy, EventReason.PolicyInvalid, message);
      return UpdateControl.noUpdate();
    }
    List<PipelineRecoveryPolicy> rivals = index.rivals(policy);
    if (!rivals.isEmpty()) {
      String pipeline = policy.getSpec().getTargetPipeline();
      String names = rivals.stream().map(p -> p.getMetadata().getName()).collect(Collectors.joining(", "));
      status.markConflict(policy, String.format(
          "Policies %s and %s both target pipeline %s; neither acts until only one does.",
          policy.getMetadata().getName(), names, pipeline));
      for (PipelineRecoveryPolicy rival : rivals) {
        status.markConflict(rival, String.format(
            "Policies %s and %s both target pipeline %s; neither acts until only one does.",
            rival.getMetadata().getName(), policy.getMetadata().getName(), pipeline));
      }
      events.record(policy, EventReason.PolicyConflict, "Also targeted by: " + names);
      return UpdateControl.noUpdate();
    }
    status.markReady(policy);
    // Pruning lists the pipeline's incidents: a few times an hour is enough, not at every 30 s re-check.
    String key = policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    java.time.Instant now = clock.instant();
    java.time.Instant last = lastPruned.get(key);
    if (last == null || !now.isBefore(last.plus(PRUNE_EVERY))) {
      lastPruned.put(key, now);
      incidents.prune(policy.getMetadata().getNamespace(), policy.getSpec().getTargetPipeline(),
          retention.maxAge(), retention.maxCount(), now);
    }
    return UpdateControl.noUpdate();
  }
}
