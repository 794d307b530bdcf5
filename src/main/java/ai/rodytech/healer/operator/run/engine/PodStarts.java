package ai.rodytech.healer.operator.run.engine;

import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.run.StartCheck;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether the pods of a run an engine runs (a PipelineRun's TaskRun pods, a Workflow's node pods) have started:
 * started once a container of one of them runs or has ended; otherwise why not, as the cluster tells it.
 */
public final class PodStarts {
  /** Waiting reasons of a pod on its way up: not a reason for a person. */
  private static final Set<String> ON_THE_WAY = Set.of("ContainerCreating", "PodInitializing");

  private PodStarts() {}

  /**
   * @param pods the run's pods
   * @param warnings the run's Warning Events, oldest first (read only when the pods do not tell)
   */
  public static StartCheck of(List<Pod> pods, Supplier<List<String>> warnings) {
    for (Pod pod : pods) {
      boolean upOrDone = PodReader.statuses(pod).values().stream().anyMatch(s -> s.getState() != null
          && (s.getState().getRunning() != null || s.getState().getTerminated() != null));
      if (upOrDone) {
        return new StartCheck.Started();
      }
    }
    for (Pod pod : pods) {
      for (ContainerStatus s : PodReader.statuses(pod).values()) {
        ContainerStateWaiting waiting = s.getState() == null ? null : s.getState().getWaiting();
        if (waiting != null && waiting.getReason() != null && !ON_THE_WAY.contains(waiting.getReason())) {
          return new StartCheck.Waiting(String.format("container %s of pod %s is waiting: %s%s", s.getName(),
              pod.getMetadata().getName(), waiting.getReason(),
              waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")"));
        }
      }
    }
    Optional<String> warning = warnings.get().stream().filter(e -> e.startsWith("Warning ")).reduce((a, b) -> b);
    if (warning.isPresent()) {
      return new StartCheck.Waiting(warning.get());
    }
    return new StartCheck.Waiting(pods.isEmpty() ? "no pod was created" : null);
  }
}
