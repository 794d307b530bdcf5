package ai.rodytech.healer.operator;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;

/**
 * What the Job informer keeps of each Job: only what tells whether a run concerns the healer at all (its name,
 * labels and owners for the pipeline, its conditions for the result and when it finished). CI namespaces hold
 * thousands of finished Jobs, kept for days by ttlSecondsAfterFinished; their specs, annotations and
 * managedFields are most of their size, and only the few runs the healer acts on need them, read fresh from the
 * API by {@link JobReconciler}. With the whole Jobs cached, 10,000 of them took about 190 MB of heap (see
 * docs/performance.md).
 */
final class JobCacheView {
  private JobCacheView() {}

  static Job of(Job job) {
    ObjectMeta meta = job.getMetadata();
    Job view = new Job();
    view.setApiVersion(job.getApiVersion());
    view.setKind(job.getKind());
    view.setMetadata(new ObjectMetaBuilder()
        .withName(meta.getName())
        .withGenerateName(meta.getGenerateName())
        .withNamespace(meta.getNamespace())
        .withUid(meta.getUid())
        .withResourceVersion(meta.getResourceVersion())
        .withGeneration(meta.getGeneration())
        .withCreationTimestamp(meta.getCreationTimestamp())
        .withDeletionTimestamp(meta.getDeletionTimestamp())
        .withLabels(meta.getLabels())
        .withOwnerReferences(meta.getOwnerReferences())
        .build());
    if (job.getStatus() != null) {
      JobStatus status = new JobStatus();
      status.setConditions(job.getStatus().getConditions());
      view.setStatus(status);
    }
    return view;
  }
}
