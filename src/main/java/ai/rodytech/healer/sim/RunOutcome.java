package ai.rodytech.healer.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one simulated run of a Job ends.
 *
 * @param exitCode exit code of {@code container}; 0 is success
 * @param terminationReason the container's termination reason: Completed, Error, OOMKilled, ...
 * @param log what {@code container} wrote (served by the pod log endpoint)
 * @param duration how long the run takes before the speed factor
 * @param container the container that ends this way and writes the log; null means the first app container.
 *     It may name an init container, which then fails before the app containers start.
 * @param imageIds resolved images per container name (pod status imageID, e.g.
 *     docker.io/library/node@sha256:...); containers not listed get one derived from their image
 */
public record RunOutcome(
    int exitCode,
    String terminationReason,
    String log,
    Duration duration,
    String container,
    Map<String, String> imageIds) {

  public RunOutcome {
    Objects.requireNonNull(terminationReason, "terminationReason");
    log = log == null ? "" : log;
    duration = duration == null || duration.isNegative() ? Duration.ZERO : duration;
    imageIds = imageIds == null ? Map.of() : Map.copyOf(imageIds);
  }

  /** A run that exits 0 with reason Completed. */
  public static RunOutcome succeeded(String log, Duration duration) {
    return new RunOutcome(0, "Completed", log, duration, null, Map.of());
  }

  /** A run that exits with {@code exitCode} (non-zero) and reason Error. */
  public static RunOutcome failed(int exitCode, String log, Duration duration) {
    return new RunOutcome(exitCode, "Error", log, duration, null, Map.of());
  }

  /** A run the kernel's OOM killer ends: exit 137, reason OOMKilled. */
  public static RunOutcome oomKilled(String log, Duration duration) {
    return new RunOutcome(137, "OOMKilled", log, duration, null, Map.of());
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** The same outcome for the named container. */
  public RunOutcome inContainer(String name) {
    return new RunOutcome(exitCode, terminationReason, log, duration, name, imageIds);
  }

  /** The same outcome, reporting {@code imageId} as the resolved image of the named container. */
  public RunOutcome withImageId(String containerName, String imageId) {
    Map<String, String> ids = new LinkedHashMap<>(imageIds);
    ids.put(containerName, imageId);
    return new RunOutcome(exitCode, terminationReason, log, duration, container, ids);
  }

  /** The same outcome after another duration. */
  public RunOutcome after(Duration newDuration) {
    return new RunOutcome(exitCode, terminationReason, log, newDuration, container, imageIds);
  }

  /** The same outcome with another termination reason, e.g. a custom one a CI tool reports. */
  public RunOutcome withReason(String reason) {
    return new RunOutcome(exitCode, reason, log, duration, container, imageIds);
  }
}
