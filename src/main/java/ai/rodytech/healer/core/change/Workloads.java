package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Optional;

/** Finds a run's workloads through its layout: by id, or by a changed path that points into one. */
public final class Workloads {

  private Workloads() {}

  /**
   * A changed path inside a workload.
   *
   * @param workload the workload whose pointer the path starts with
   * @param rest the path below the workload, e.g. /resources/limits/memory, or "" for the workload itself
   */
  public record PathIn(Workload workload, String rest) {}

  public static Optional<Workload> named(RunLayout layout, JsonNode run, String id) {
    return layout.workloads(run).stream().filter(w -> w.id().equals(id)).findFirst();
  }

  /** The workload the path points into in {@code run}, the deepest when pointers nest. */
  public static Optional<PathIn> locate(RunLayout layout, JsonNode run, String path) {
    return layout.workloads(run).stream()
        .filter(w -> path.equals(w.pointer()) || path.startsWith(w.pointer() + "/"))
        .max(Comparator.comparingInt(w -> w.pointer().length()))
        .map(w -> new PathIn(w, path.substring(w.pointer().length())));
  }

  /** Whether the path points into a pod scope (and not into one of its workloads). */
  public static Optional<String> inPodScope(RunLayout layout, JsonNode run, String path) {
    return layout.podScopes(run).stream()
        .map(PodScope::pointer)
        .filter(p -> path.startsWith(p + "/"))
        .map(p -> path.substring(p.length()))
        .findFirst();
  }
}
