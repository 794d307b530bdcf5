package ai.rodytech.healer.operator;

import ai.rodytech.healer.operator.PolicyIndex.Coverage;
import ai.rodytech.healer.operator.report.EventReason;
import ai.rodytech.healer.operator.report.EventRecorder;
import ai.rodytech.healer.operator.report.HealerMetrics;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reconciles finished batch/v1 Jobs (plain, or created by CronJobs): finds the policy that covers the run's
 * pipeline and hands the run to the healing loop. Generation-aware processing is off because a Job's result
 * arrives as a status change, which does not bump metadata.generation.
 */
@ControllerConfiguration(name = "pipeline-healer-jobs", generationAwareEventProcessing = false)
public final class JobReconciler implements Reconciler<Job> {
  private final PolicyIndex policies;
  private final HealingLoop loop;
  private final EventRecorder events;
  private final HealerMetrics metrics;
  private final Duration staleRunAge;
  private final Clock clock;
  private final KubernetesClient client;

  public JobReconciler(
      PolicyIndex policies, HealingLoop loop, EventRecorder events, HealerMetrics metrics, Duration staleRunAge,
      Clock clock, KubernetesClient client) {
    this.client = client;
    this.policies = policies;
    this.loop = loop;
    this.events = events;
    this.metrics = metrics;
    this.staleRunAge = staleRunAge;
    this.clock = clock;
  }

  /** Only finished Jobs concern the healer; running ones are filtered out before they cost a reconcile. */
  public static boolean finished(Job job) {
    return JobRuns.result(job) != JobRuns.Result.RUNNING;
  }

  @Override
  public UpdateControl<Job> reconcile(Job job, Context<Job> context) {
    long start = System.nanoTime();
    try {
      return handle(job);
    } finally {
      metrics.reconciled(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private UpdateControl<Job> handle(Job job) {
    JobRuns.Result result = JobRuns.result(job);
    if (result == JobRuns.Result.RUNNING) {
      return UpdateControl.noUpdate();
    }
    Coverage coverage = policies.coverage(job);
    if (coverage instanceof Coverage.Conflict conflict) {
      events.record(job, EventReason.PolicyConflict, String.format(
          "Policies %s all target pipeline %s; the healer will not act until only one does.",
          conflict.policies().stream().map(p -> p.getMetadata().getName()).collect(Collectors.joining(", ")),
          conflict.pipeline()));
      return UpdateControl.noUpdate();
    }
    if (coverage instanceof Coverage.Invalid invalid) {
      events.record(job, EventReason.PolicyInvalid, String.format(
          "Policy %s for pipeline %s is invalid (see its status); the healer will not act.",
          invalid.policy().getMetadata().getName(), invalid.pipeline()));
      return UpdateControl.noUpdate();
    }
    if (!(coverage instanceof Coverage.Covered covered) || stale(job, covered)) {
      return UpdateControl.noUpdate();
    }
    // The cache keeps a slim view of each Job (JobCacheView); the run the healer handles is read whole.
    Job run = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName()).get();
    if (run == null) {
      return UpdateControl.noUpdate();
    }
    if (result == JobRuns.Result.SUCCEEDED) {
      loop.onSuccess(run, covered.policy(), covered.pipeline());
      return UpdateControl.noUpdate();
    }
    HealingLoop.Next next = loop.onFailure(run, covered.policy(), covered.pipeline());
    return next.retryAfter().<UpdateControl<Job>>map(d -> UpdateControl.<Job>noUpdate().rescheduleAfter(d))
        .orElse(UpdateControl.noUpdate());
  }

  /**
   * A run that finished before its policy existed, or long ago, is history: the healer does not act on it
   * (this keeps a restart or a new policy from healing last week's failures).
   */
  private boolean stale(Job job, Coverage.Covered covered) {
    Optional<Instant> finishedAt =
        JobRuns.condition(job, "Failed").or(() -> JobRuns.condition(job, "Complete"))
            .map(JobCondition::getLastTransitionTime)
            .flatMap(JobReconciler::instant);
    if (finishedAt.isEmpty()) {
      return false;
    }
    Optional<Instant> policyCreated = instant(covered.policy().getMetadata().getCreationTimestamp());
    boolean beforePolicy = policyCreated.map(created -> finishedAt.get().isBefore(created.minusSeconds(1)))
        .orElse(false);
    return beforePolicy || finishedAt.get().isBefore(clock.instant().minus(staleRunAge));
  }

  private static Optional<Instant> instant(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
