package ai.rodytech.healer.core.guard;

import ai.rodytech.healer.core.change.Workload;
import ai.rodytech.healer.core.change.Workloads;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * No memory the change sets is above the policy's ceiling. Judged on the proposed run itself, not only on what
 * the plan says, so a plan whose numbers and change disagree cannot slip past.
 */
final class MemoryCeilingCheck implements GuardCheck {
  private static final List<String> KINDS = List.of("limits", "requests");

  @Override
  public Optional<Violation> check(GuardInput input) {
    long ceiling = input.rules().memoryCeilingBytes();
    if (input.plan() instanceof MemoryBump bump) {
      Optional<Violation> planned = judge(bump.container(), "limit", bump.toLimit(), ceiling);
      if (planned.isPresent()) {
        return planned;
      }
    }
    JsonNode before = input.change().before();
    for (Workload container : input.change().layout().workloads(input.change().after())) {
      for (String kind : KINDS) {
        JsonNode after = memory(container, kind);
        JsonNode previous = Workloads.named(input.change().layout(), before, container.id())
            .map(c -> memory(c, kind)).orElse(null);
        if (after != null && !after.equals(previous)) {
          Optional<Violation> changed =
              judge(container.id(), kind.equals("limits") ? "limit" : "request", after.asText(), ceiling);
          if (changed.isPresent()) {
            return changed;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static JsonNode memory(Workload container, String kind) {
    return container.resources().path(kind).get("memory");
  }

  private static Optional<Violation> judge(String container, String kind, String quantity, long ceiling) {
    if (quantity == null) {
      return Optional.empty();
    }
    long bytes;
    try {
      bytes = MemoryQuantity.parseBytes(quantity);
    } catch (IllegalArgumentException e) {
      return Optional.of(Violation.refuse(GuardReasons.UNREADABLE_MEMORY,
          "the memory " + kind + " of container '" + container + "' is unreadable: " + e.getMessage()));
    }
    if (bytes <= ceiling) {
      return Optional.empty();
    }
    return Optional.of(Violation.refuse(GuardReasons.ABOVE_MEMORY_CEILING,
        "the change sets the memory " + kind + " of container '" + container + "' to " + quantity
            + ", above the policy's memory ceiling " + MemoryQuantity.human(ceiling) + " (memory.ceiling)"));
  }
}
