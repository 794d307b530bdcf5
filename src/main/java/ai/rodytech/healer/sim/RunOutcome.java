package ai.rodytech.healer.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a simulated run of a Job ends: how its first container instance ends and, in {@code later}, how the
 * following ones do. An instance is a new pod under {@code restartPolicy: Never} (the job controller replaces a
 * failed pod until the backoff limit) and a restart of the container in the same pod under {@code OnFailure}.
 * The last instance repeats: a plain {@code failed(...)} fails every pod the controller creates.
 *
 * @param exitCode exit code of {@code container}; 0 is success
 * @param terminationReason the container's termination reason: Completed, Error, OOMKilled, ...
 * @param log what {@code container} wrote (served by the pod log endpoint)
 * @param duration how long the instance runs before the speed factor
 * @param container the container that ends this way and writes the log; null means the first app container.
 *     It may name an init container, which then fails before the app containers start.
 * @param imageIds resolved images per container name (pod status imageID, e.g.
 *     docker.io/library/node@sha256:...); containers not listed get one derived from their image
 * @param unschedulable the scheduler's message when the pod is never scheduled (it then stays Pending; the
 *     other fields are unused), else null
 * @param sidecarExitCode what native sidecars (init containers with restartPolicy Always) exit with when the
 *     kubelet stops them after the main containers ended: 143 (SIGTERM, the default), 137 or 0
 * @param later how the following instances end, in order; empty: like this one
 */
public record RunOutcome(
    int exitCode,
    String terminationReason,
    String log,
    Duration duration,
    String container,
    Map<String, String> imageIds,
    String unschedulable,
    int sidecarExitCode,
    List<RunOutcome> later) {

  /** What a sidecar stopped with SIGTERM exits with, unless a run says otherwise. */
  public static final int SIGTERM_EXIT = 143;

  public RunOutcome {
    Objects.requireNonNull(terminationReason, "terminationReason");
    log = log == null ? "" : log;
    duration = duration == null || duration.isNegative() ? Duration.ZERO : duration;
    imageIds = imageIds == null ? Map.of() : Map.copyOf(imageIds);
    later = later == null ? List.of() : flattened(later);
  }

  /** One instance, as this record was before it described several. */
  public RunOutcome(int exitCode, String terminationReason, String log, Duration duration, String container,
      Map<String, String> imageIds) {
    this(exitCode, terminationReason, log, duration, container, imageIds, null, SIGTERM_EXIT, List.of());
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

  /**
   * A pod the scheduler never places: it stays Pending with condition PodScheduled False (Unschedulable) and a
   * FailedScheduling event carrying {@code message}, e.g. "0/1 nodes are available: 1 Insufficient memory.".
   */
  public static RunOutcome unschedulable(String message) {
    return new RunOutcome(0, "Unschedulable", "", Duration.ZERO, null, Map.of(),
        Objects.requireNonNull(message, "message"), SIGTERM_EXIT, List.of());
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** Whether the pod of this instance is never scheduled. */
  public boolean neverScheduled() {
    return unschedulable != null;
  }

  /**
   * This instance, then {@code next} ones (each with its own later ones), e.g. {@code oomKilled(log, d)
   * .then(oomKilled(log, d), succeeded(log, d))}: two OOM kills, then a pass.
   */
  public RunOutcome then(RunOutcome... next) {
    List<RunOutcome> all = new ArrayList<>(later);
    all.addAll(List.of(next));
    return new RunOutcome(exitCode, terminationReason, log, duration, container, imageIds, unschedulable,
        sidecarExitCode, all);
  }

  /** The n-th instance (0 is the first), alone; past the last, the last one. */
  public RunOutcome instance(int n) {
    return n <= 0 || later.isEmpty() ? alone() : later.get(Math.min(n, later.size()) - 1);
  }

  /** Every instance described, in order (the last one repeats). */
  public List<RunOutcome> instances() {
    List<RunOutcome> all = new ArrayList<>();
    all.add(alone());
    all.addAll(later);
    return all;
  }

  /** The same outcome for the named container. */
  public RunOutcome inContainer(String name) {
    return new RunOutcome(exitCode, terminationReason, log, duration, name, imageIds, unschedulable,
        sidecarExitCode, later);
  }

  /** The same outcome, reporting {@code imageId} as the resolved image of the named container. */
  public RunOutcome withImageId(String containerName, String imageId) {
    Map<String, String> ids = new LinkedHashMap<>(imageIds);
    ids.put(containerName, imageId);
    return new RunOutcome(exitCode, terminationReason, log, duration, container, ids, unschedulable,
        sidecarExitCode, later);
  }

  /** The same outcome after another duration. */
  public RunOutcome after(Duration newDuration) {
    return new RunOutcome(exitCode, terminationReason, log, newDuration, container, imageIds, unschedulable,
        sidecarExitCode, later);
  }

  /** The same outcome with another termination reason, e.g. a custom one a CI tool reports. */
  public RunOutcome withReason(String reason) {
    return new RunOutcome(exitCode, reason, log, duration, container, imageIds, unschedulable, sidecarExitCode,
        later);
  }

  /** The same outcome, native sidecars exiting with {@code code} when they are stopped. */
  public RunOutcome withSidecarExit(int code) {
    return new RunOutcome(exitCode, terminationReason, log, duration, container, imageIds, unschedulable, code,
        later);
  }

  private RunOutcome alone() {
    return later.isEmpty() ? this
        : new RunOutcome(exitCode, terminationReason, log, duration, container, imageIds, unschedulable,
            sidecarExitCode, List.of());
  }

  private static List<RunOutcome> flattened(List<RunOutcome> outcomes) {
    List<RunOutcome> flat = new ArrayList<>();
    for (RunOutcome outcome : outcomes) {
      flat.addAll(Objects.requireNonNull(outcome, "a later outcome").instances());
    }
    return List.copyOf(flat);
  }
}
