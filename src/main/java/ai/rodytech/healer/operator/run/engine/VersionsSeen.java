package ai.rodytech.healer.operator.run.engine;

import ai.rodytech.healer.core.plan.KnownGoodVersions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers what a successful run of an engine used, step by step: each step's image as its pod ran it and the
 * digest it resolved to, and the values of the policy's version pins, whether step variables or run parameters.
 */
public final class VersionsSeen {
  private final List<String> pins;
  private final Map<String, String> images = new HashMap<>();
  private final Map<String, String> digests = new HashMap<>();
  private final Map<String, String> values = new HashMap<>();

  public VersionsSeen(List<String> pins) {
    this.pins = pins;
  }

  /** The run's parameters as they took effect; those the policy pins are kept. */
  public VersionsSeen parameters(Map<String, String> parameters) {
    parameters.forEach((name, value) -> {
      if (pins.contains(name)) {
        values.put(name, value);
      }
    });
    return this;
  }

  /** One step (workload {@code id}) as its pod ran it. */
  public void step(String id, Container container, ContainerStatus status) {
    images.put(id, container.getImage());
    if (status != null && status.getImageID() != null && !status.getImageID().isBlank()) {
      digests.put(id, status.getImageID());
    }
    for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
      if (pins.contains(env.getName()) && env.getValue() != null && env.getValueFrom() == null) {
        values.put(env.getName(), env.getValue());
      }
    }
  }

  public KnownGoodVersions of(String run) {
    return new KnownGoodVersions(run, images, digests, values);
  }
}
