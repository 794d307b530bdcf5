package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyStatus.KnownGood;
import ai.rodytech.healer.core.plan.KnownGoodVersions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers, from a pipeline's successful runs, the image digests (pod status imageID) and version pin values
 * they used: the "last known good" that patch_dependency_version pins back to.
 */
public final class KnownGoodRecorder {
  private final KubernetesClient client;

  public KnownGoodRecorder(KubernetesClient client) {
    this.client = client;
  }

  /** The versions a successful Job used. */
  public KnownGood from(Job job, PipelineRecoveryPolicy policy) {
    KnownGood good = new KnownGood();
    good.setRun(job.getMetadata().getName());
    List<String> pins = Optional.ofNullable(policy.getSpec().getVersionPins()).orElse(List.of());
    for (Container c : job.getSpec().getTemplate().getSpec().getContainers()) {
      good.getImages().put(c.getName(), c.getImage());
      for (EnvVar env : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
        if (pins.contains(env.getName()) && env.getValue() != null && env.getValueFrom() == null) {
          good.getPins().put(env.getName(), env.getValue());
        }
      }
    }
    for (Pod pod : pods(job)) {
      for (ContainerStatus s : Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of())) {
        if (s.getImageID() != null && !s.getImageID().isBlank()) {
          good.getImageDigests().put(s.getName(), s.getImageID());
        }
      }
    }
    return good;
  }

  /** What the policy's status remembers, for the planner. */
  public KnownGoodVersions of(PipelineRecoveryPolicy policy) {
    KnownGood good = policy.getStatus() == null ? null : policy.getStatus().getKnownGood();
    if (good == null) {
      return KnownGoodVersions.NONE;
    }
    return new KnownGoodVersions(good.getRun(), Map.copyOf(good.getImages()), Map.copyOf(good.getImageDigests()),
        Map.copyOf(good.getPins()));
  }

  private List<Pod> pods(Job job) {
    try {
      return client.pods().inNamespace(job.getMetadata().getNamespace())
          .withLabel("job-name", job.getMetadata().getName()).list().getItems().stream()
          .filter(p -> p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()))
          .toList();
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }
}
