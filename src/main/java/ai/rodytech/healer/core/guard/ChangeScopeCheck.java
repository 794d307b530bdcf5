package ai.rodytech.healer.core.guard;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.HealerMetadata;
import ai.rodytech.healer.core.change.Workloads;
import ai.rodytech.healer.core.change.Workloads.PathIn;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.EnvChange;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The change touches only what its strategy may: retry_stage the run's metadata; increase_memory also the memory
 * limit and request of the planned container, and the heap caps the plan names in its environment;
 * patch_dependency_version also that container's image or the value of the named version pin.
 */
final class ChangeScopeCheck implements GuardCheck {
  private static final Pattern ENV_VALUE = Pattern.compile("^/([^/]+)/(\\d+)/value$");

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
    if (HealerMetadata.isRunMetadata(path, change.layout())) {
      return true;
    }
    Optional<PathIn> before = Workloads.locate(change.layout(), change.before(), path);
    Optional<PathIn> after = Workloads.locate(change.layout(), change.after(), path);
    // The same workload on both sides: a reordered or renamed list does not shift the scope.
    if (before.isEmpty() || after.isEmpty() || !before.get().workload().id().equals(after.get().workload().id())) {
      return false;
    }
    String id = after.get().workload().id();
    String rest = after.get().rest();
    if (plan instanceof MemoryBump bump && id.equals(bump.container())) {
      String resources = "/" + after.get().workload().resourcesField();
      return rest.equals(resources + "/limits/memory") || rest.equals(resources + "/requests/memory")
          || bump.heapCaps().stream().map(EnvChange::name).anyMatch(name -> envValue(rest, before.get(), after.get(), name));
    }
    if (plan instanceof VersionPin pin && id.equals(pin.container())) {
      return pin.image() ? rest.equals("/image") : envValue(rest, before.get(), after.get(), pin.envName());
    }
    return false;
  }

  /**
   * The path is the value of the environment variable (or run parameter) {@code name}, at the same index on both
   * sides.
   */
  private static boolean envValue(String rest, PathIn before, PathIn after, String name) {
    Matcher env = ENV_VALUE.matcher(rest);
    if (!env.matches() || !env.group(1).equals(after.workload().envField())) {
      return false;
    }
    int index = Integer.parseInt(env.group(2));
    for (PathIn side : List.of(before, after)) {
      JsonNode variable = side.workload().env().path(index);
      if (!name.equals(variable.path("name").asText())) {
        return false;
      }
    }
    return true;
  }

  private static String scope(RecoveryPlan plan) {
    if (plan instanceof MemoryBump bump) {
      String caps = bump.heapCaps().isEmpty() ? ""
          : ", its heap caps " + bump.heapCaps().stream().map(EnvChange::name).toList();
      return "the memory limit and request of container '" + bump.container() + "'" + caps
          + " (and the run's metadata)";
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
