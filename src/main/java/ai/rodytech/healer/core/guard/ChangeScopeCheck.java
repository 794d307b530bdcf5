package ai.rodytech.healer.core.guard;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.HealerMetadata;
import ai.rodytech.healer.core.change.JobContainers;
import ai.rodytech.healer.core.change.JobContainers.Container;
import ai.rodytech.healer.core.change.JobContainers.PathInContainer;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The change touches only what its strategy may: retry_stage the run's metadata; increase_memory also the memory
 * limit and request of the planned container; patch_dependency_version also that container's image or the value
 * of the named version pin.
 */
final class ChangeScopeCheck implements GuardCheck {
  private static final Set<String> MEMORY_PATHS = Set.of("/resources/limits/memory", "/resources/requests/memory");
  private static final Pattern ENV_VALUE = Pattern.compile("^/env/(\\d+)/value$");

  @Override
  public Optional<Violation> check(GuardInput input) {
    RecoveryPlan plan = input.plan();
    ChangeSet change = input.change();
    List<String> outside = change.changedPaths().stream().filter(path -> !allowed(path, plan, change)).toList();
    if (outside.isEmpty()) {
      return Optional.empty();
    }
    String more = outside.size() > 1 ? " and " + (outside.size() - 1) + " more path(s)" : "";
    return Optional.of(Violation.refuse(GuardReasons.OUT_OF_SCOPE,
        plan.action().wireName() + " may change only " + scope(plan) + "; this change also touches "
            + outside.get(0) + more));
  }

  private static boolean allowed(String path, RecoveryPlan plan, ChangeSet change) {
    if (runMetadata(path)) {
      return true;
    }
    Optional<PathInContainer> where = JobContainers.locate(path);
    if (where.isEmpty()) {
      return false;
    }
    String rest = where.get().rest();
    if (plan instanceof MemoryBump bump) {
      return MEMORY_PATHS.contains(rest) && sameContainer(change, where.get(), bump.container());
    }
    if (plan instanceof VersionPin pin && sameContainer(change, where.get(), pin.container())) {
      if (pin.image()) {
        return rest.equals("/image");
      }
      Matcher env = ENV_VALUE.matcher(rest);
      return env.matches()
          && envNamed(change, where.get(), Integer.parseInt(env.group(1)), pin.envName());
    }
    return false;
  }

  /**
   * The run's own name, labels and annotations, and the healer's keys on the pod template. Other template labels
   * are not metadata in this sense: they select pods for network policies and services.
   */
  private static boolean runMetadata(String path) {
    return HealerMetadata.isHealerMetadata(path)
        || path.equals("/metadata/labels")
        || path.startsWith("/metadata/labels/")
        || path.equals("/metadata/annotations")
        || path.startsWith("/metadata/annotations/");
  }

  /** The path's container has the planned name in both runs: a reordered list does not shift the scope. */
  private static boolean sameContainer(ChangeSet change, PathInContainer where, String name) {
    return nameAt(change.before(), where).equals(Optional.of(name))
        && nameAt(change.after(), where).equals(Optional.of(name));
  }

  private static Optional<String> nameAt(JsonNode job, PathInContainer where) {
    return JobContainers.at(job, where.list(), where.index()).map(Container::name);
  }

  private static boolean envNamed(ChangeSet change, PathInContainer where, int index, String envName) {
    for (JsonNode job : List.of(change.before(), change.after())) {
      Optional<Container> container = JobContainers.at(job, where.list(), where.index());
      if (container.isEmpty() || !envName.equals(container.get().node().path("env").path(index).path("name").asText())) {
        return false;
      }
    }
    return true;
  }

  private static String scope(RecoveryPlan plan) {
    if (plan instanceof MemoryBump bump) {
      return "the memory limit and request of container '" + bump.container() + "' (and the run's metadata)";
    }
    if (plan instanceof VersionPin pin) {
      return pin.image()
          ? "the image tag or digest of container '" + pin.container() + "' (and the run's metadata)"
          : "the value of version pin " + pin.envName() + " in container '" + pin.container()
              + "' (and the run's metadata)";
    }
    return "the run's metadata (name, labels, annotations)";
  }
}
