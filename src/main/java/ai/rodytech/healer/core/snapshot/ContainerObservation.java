package ai.rodytech.healer.core.snapshot;

import java.util.Map;

/**
 * One container of a failed run: what its spec asked for and what its pod status said.
 *
 * @param name container name
 * @param image image as written in the spec; null for a run's parameters ({@link #parameters})
 * @param imageId resolved image with digest from the pod status (e.g. docker.io/library/node@sha256:...), or null
 * @param memoryLimit memory limit as a Kubernetes quantity, or null when unset
 * @param memoryRequest memory request as a Kubernetes quantity, or null when unset
 * @param exitCode the termination exit code, or null when it did not terminate / is unknown
 * @param reason the termination reason (OOMKilled, Error, ...), or null
 * @param env plain-valued environment variables (name to value); variables from Secrets or ConfigMaps are absent
 * @param init whether this is an init container
 */
public record ContainerObservation(
    String name,
    String image,
    String imageId,
    String memoryLimit,
    String memoryRequest,
    Integer exitCode,
    String reason,
    Map<String, String> env,
    boolean init) {

  public ContainerObservation {
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  /**
   * A run's parameters (a PipelineRun's params, a Workflow's arguments) as the unit a version pin may name: no
   * image, no resources, the parameters' values as its environment.
   */
  public static ContainerObservation parameters(String name, Map<String, String> values) {
    return new ContainerObservation(name, null, null, null, null, null, null, values, false);
  }

  /** Whether this is a run's parameters rather than a container. */
  public boolean isParameters() {
    return image == null;
  }

  public boolean terminatedWithFailure() {
    return exitCode != null && exitCode != 0;
  }
}
