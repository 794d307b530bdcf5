package ai.rodytech.healer.operator.run.job;

import ai.rodytech.healer.operator.run.RunReconciler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * Reconciles batch/v1 Jobs (plain, or created by CronJobs). Generation-aware processing is off because a Job's
 * result arrives as a status change, which does not bump metadata.generation. Every event reaches the reconciler,
 * deletions and Jobs being deleted included, with the Job's last known state: a Job with ttlSecondsAfterFinished: 0
 * is deleted as soon as it has finished, and its result must still be counted and acted on. The pods of Jobs are
 * watched beside ({@link ai.rodytech.healer.operator.observe.RunPodWatch}) so that their evidence is read before the job controller deletes them.
 */
@ControllerConfiguration(name = "pipeline-healer-jobs", generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public final class JobReconciler extends RunReconciler<Job> {
  private final JobKind kind;

  public JobReconciler(JobKind kind, Services services) {
    super(kind, services);
    this.kind = kind;
  }

  @Override
  protected List<EventSource<?, Job>> eventSources(EventSourceContext<Job> context) {
    return List.of(podWatch(context, "job-pod-evidence", kind.evidence(), JobKind.PODS));
  }
}
