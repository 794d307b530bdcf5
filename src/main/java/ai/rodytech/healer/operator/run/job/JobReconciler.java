package ai.rodytech.healer.operator.run.job;

import ai.rodytech.healer.operator.run.RunReconciler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/**
 * Reconciles batch/v1 Jobs (plain, or created by CronJobs). Generation-aware processing is off because a Job's
 * result arrives as a status change, which does not bump metadata.generation.
 */
@ControllerConfiguration(name = "pipeline-healer-jobs", generationAwareEventProcessing = false)
public final class JobReconciler extends RunReconciler<Job> {

  public JobReconciler(JobKind kind, Services services) {
    super(kind, services);
  }
}
