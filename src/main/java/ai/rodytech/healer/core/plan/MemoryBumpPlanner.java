package ai.rodytech.healer.core.plan;

import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.RecoveryPlan.AlertHuman;
import ai.rodytech.healer.core.plan.RecoveryPlan.EnvChange;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * Works out an increase_memory plan: the container that was killed gets {@code max(limit × 1.5, limit + 256Mi)},
 * rounded up to whole MiB and capped by the policy's ceiling. See docs/guard.md.
 */
final class MemoryBumpPlanner {
  static final long STEP_BYTES = 256 * MemoryQuantity.MI;
  private static final int OOM_EXIT_CODE = 137;

  RecoveryPlan plan(Diagnosis diagnosis, FailureSnapshot snapshot, PolicyRules rules) {
    String proposedContainer = PlanArguments.get(diagnosis, PlanArguments.CONTAINER);
    Optional<ContainerObservation> target =
        proposedContainer == null ? killedContainer(snapshot) : snapshot.container(proposedContainer);
    if (target.isEmpty()) {
      return new AlertHuman(
          proposedContainer == null
              ? "no container of the run was observed, so there is no memory limit to raise"
              : "the proposed container '" + proposedContainer + "' is not a container of the run");
    }
    ContainerObservation container = target.get();
    if (container.isParameters()) {
      return new AlertHuman("'" + container.name() + "' are the run's parameters, not a container; they have no"
          + " memory to raise");
    }
    Long limit;
    Long request;
    try {
      limit = bytesOrNull(container.memoryLimit());
      request = bytesOrNull(container.memoryRequest());
    } catch (IllegalArgumentException e) {
      return new AlertHuman("container '" + container.name() + "' has a memory setting the healer cannot read: "
          + e.getMessage());
    }
    long ceiling = MemoryQuantity.floorToMi(rules.memoryCeilingBytes());
    // Without a limit the request is the best known measure of what the container needs.
    Long current = limit != null ? limit : request;
    if (current != null && current >= ceiling) {
      return new AlertHuman("container '" + container.name() + "' is at the memory ceiling already ("
          + describe(container) + ", ceiling " + MemoryQuantity.human(ceiling)
          + ") and ran out of memory again; a person must raise the ceiling or fix the memory use");
    }
    String proposedLimit = PlanArguments.get(diagnosis, PlanArguments.NEW_LIMIT);
    long newLimit;
    String how;
    if (proposedLimit != null) {
      Optional<String> refusal = ProposalRules.memoryLimit(proposedLimit,
          container.memoryLimit() != null ? container.memoryLimit() : container.memoryRequest(), ceiling);
      if (refusal.isPresent()) {
        return new AlertHuman(refusal.get() + " (container '" + container.name() + "', " + describe(container) + ")");
      }
      newLimit = MemoryQuantity.ceilToMi(MemoryQuantity.parseBytes(proposedLimit));
      how = "as proposed by the diagnosis";
    } else if (current == null) {
      newLimit = Math.min(MemoryQuantity.ceilToMi(rules.memoryInitialBytes()), ceiling);
      how = "the policy's starting limit for a container without one";
    } else {
      long bumped = bumped(current);
      newLimit = Math.min(bumped, ceiling);
      how = bumped > ceiling ? "capped at the ceiling" : "×1.5 or +256Mi, whichever is more";
    }
    List<EnvChange> heapCaps = List.of();
    List<HeapCaps.Cap> binding = bindingCaps(diagnosis, snapshot, container);
    if (!binding.isEmpty()) {
      long highest = binding.stream().mapToLong(HeapCaps.Cap::bytes).max().orElseThrow();
      // The room the runtime has outside its heap (threads, metaspace, buffers) stays what it was.
      long headroom = limit != null ? Math.max(0, limit - highest) : Math.max(STEP_BYTES, highest / 4);
      long newCap = bumped(highest);
      long needed = MemoryQuantity.ceilToMi(newCap + headroom);
      if (needed > ceiling) {
        newCap = MemoryQuantity.floorToMi(ceiling - headroom);
        needed = ceiling;
      }
      if (newCap <= highest) {
        return new AlertHuman("container '" + container.name() + "' ran out of its own heap cap ("
            + binding.get(0).env() + "), and the memory ceiling " + MemoryQuantity.human(ceiling)
            + " leaves no room to raise it with the same headroom; a person must raise the ceiling or fix the"
            + " memory use");
      }
      newLimit = Math.max(newLimit, needed);
      long capBytes = newCap;
      heapCaps = binding.stream()
          .map(cap -> new EnvChange(cap.env(), cap.value(), cap.withBytes(Math.max(cap.bytes(), capBytes))))
          .toList();
      how = how + "; heap cap raised with it, keeping " + MemoryQuantity.human(headroom) + " outside the heap";
    }
    String toLimit = MemoryQuantity.formatMi(newLimit);
    String caps = heapCaps.isEmpty() ? "" : ", " + heapCaps.stream()
        .map(c -> c.name() + " " + c.from() + " -> " + c.to()).collect(java.util.stream.Collectors.joining(", "));
    return new MemoryBump(
        container.name(),
        container.memoryLimit(),
        toLimit,
        container.memoryRequest(),
        MemoryQuantity.formatMi(newRequest(limit, request, newLimit)),
        heapCaps,
        "container '" + container.name() + "' ran out of memory (" + describe(container) + "); new limit " + toLimit
            + caps + " (" + how + "; ceiling " + MemoryQuantity.human(ceiling) + ")");
  }

  /**
   * The heap caps that bound this failure: those of the runtime whose heap the evidence says ran out, when the
   * kernel did not kill the container (then the limit, not the cap, was what bound).
   */
  private static List<HeapCaps.Cap> bindingCaps(
      Diagnosis diagnosis, FailureSnapshot snapshot, ContainerObservation container) {
    boolean kernelKilled = "OOMKilled".equals(container.reason())
        || Integer.valueOf(OOM_EXIT_CODE).equals(container.exitCode())
        || container.name().equals(snapshot.failedContainer()) && "OOMKilled".equals(snapshot.reason());
    if (kernelKilled) {
      return List.of();
    }
    List<String> lines = new java.util.ArrayList<>();
    diagnosis.evidence().forEach(e -> lines.add(e.text()));
    lines.add(diagnosis.summary());
    Optional<HeapCaps.Runtime> runtime = HeapCaps.exhausted(lines);
    if (runtime.isEmpty()) {
      return List.of();
    }
    return HeapCaps.of(container).stream().filter(c -> c.runtime() == runtime.get()).toList();
  }

  /** max(current × 1.5, current + 256Mi), rounded up to whole MiB. */
  static long bumped(long current) {
    long halfAgain = current + (current + 1) / 2;
    return MemoryQuantity.ceilToMi(Math.max(halfAgain, current + STEP_BYTES));
  }

  /**
   * The request follows the limit: a request below the limit keeps its share of it, so the scheduling headroom
   * grows as the limit does; a missing request (the API defaults it to the limit) or one at the limit becomes the
   * new limit. Never above the limit.
   */
  static long newRequest(Long limit, Long request, long newLimit) {
    if (limit != null && request != null && request < limit) {
      BigDecimal scaled =
          BigDecimal.valueOf(request)
              .multiply(BigDecimal.valueOf(newLimit))
              .divide(BigDecimal.valueOf(limit), 0, RoundingMode.CEILING);
      return Math.min(newLimit, MemoryQuantity.ceilToMi(scaled.longValueExact()));
    }
    return newLimit;
  }

  /** The failed container, else one the kernel killed for memory, else the run's primary container. */
  private static Optional<ContainerObservation> killedContainer(FailureSnapshot snapshot) {
    if (snapshot.failedContainer() != null && snapshot.container(snapshot.failedContainer()).isPresent()) {
      return snapshot.container(snapshot.failedContainer());
    }
    return snapshot.containers().stream()
        .filter(c -> "OOMKilled".equals(c.reason()) || Integer.valueOf(OOM_EXIT_CODE).equals(c.exitCode()))
        .findFirst()
        .or(snapshot::primaryContainer);
  }

  private static Long bytesOrNull(String quantity) {
    return quantity == null || quantity.isBlank() ? null : MemoryQuantity.parseBytes(quantity);
  }

  private static String describe(ContainerObservation c) {
    return "limit " + (c.memoryLimit() == null ? "none" : c.memoryLimit())
        + ", request " + (c.memoryRequest() == null ? "none" : c.memoryRequest());
  }
}
