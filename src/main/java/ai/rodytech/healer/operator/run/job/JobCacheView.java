package ai.rodytech.healer.operator.run.job;

import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.engine.CacheViews;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.List;
import java.util.Optional;

/**
 * What the Job informer keeps of each Job. CI namespaces hold thousands of finished Jobs, kept for days by
 * ttlSecondsAfterFinished; their specs, annotations and managedFields are most of their size (10,000 whole Jobs
 * took about 190 MB of heap, docs/performance.md). So a Job is kept slim — name, labels, owners, the healer's own
 * annotations, conditions and counts, and each container's name, image and plain environment (for the versions a
 * successful run used) — except a failed one, which is kept whole (managedFields aside): the healer re-creates it,
 * and reading it again would cost an API call, or find nothing when a short TTL has deleted it already.
 */
public final class JobCacheView {
  private JobCacheView() {}

  public static Job of(Job job) {
    if (JobConditions.state(job) instanceof RunState.Failed) {
      Job whole = new Job(job.getApiVersion(), job.getKind(), job.getMetadata(), job.getSpec(), job.getStatus());
      whole.setMetadata(CacheViews.withoutManagedFields(job.getMetadata()));
      return whole;
    }
    Job view = new Job();
    view.setApiVersion(job.getApiVersion());
    view.setKind(job.getKind());
    view.setMetadata(CacheViews.slimMetadata(job.getMetadata()));
    view.setSpec(slimSpec(job.getSpec()));
    if (job.getStatus() != null) {
      JobStatus status = new JobStatus();
      status.setConditions(job.getStatus().getConditions());
      status.setActive(job.getStatus().getActive());
      status.setReady(job.getStatus().getReady());
      status.setStartTime(job.getStatus().getStartTime());
      view.setStatus(status);
    }
    return view;
  }

  private static JobSpec slimSpec(JobSpec spec) {
    if (spec == null || spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
      return null;
    }
    PodSpec pod = new PodSpec();
    pod.setContainers(slim(spec.getTemplate().getSpec().getContainers()));
    JobSpec out = new JobSpec();
    PodTemplateSpec template = new PodTemplateSpec();
    template.setSpec(pod);
    out.setTemplate(template);
    return out;
  }

  private static List<Container> slim(List<Container> containers) {
    return Optional.ofNullable(containers).orElse(List.of()).stream().map(c -> {
      Container slim = new Container();
      slim.setName(c.getName());
      slim.setImage(c.getImage());
      slim.setEnv(Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
          .filter(e -> e.getValueFrom() == null)
          .map(e -> new EnvVar(e.getName(), e.getValue(), null))
          .toList());
      return slim;
    }).toList();
  }
}
