package ai.rodytech.healer.core.snapshot;

import java.util.Map;

/**
 * One container of a failed run: what its spec asked for and what its pod status said.
 *
 * @param name container name
 * @param image image as written in the spec
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

  public boolean terminatedWithFailure() {
    return exitCode != null && exitCode != 0;
  }
}
