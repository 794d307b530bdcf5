package ai.rodytech.healer.operator.incident;

import ai.rodytech.healer.api.IncidentStatus.EnvChangeRecord;
import ai.rodytech.healer.api.IncidentStatus.PlanRecord;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.EnvChange;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.Retry;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A recovery plan as the incident records it, and back. Reading one back gives only a proposal: the guard judges
 * it again against the policy of the moment before anything is created (a status can be written by others).
 */
public final class PlanRecords {

  private PlanRecords() {}

  public static PlanRecord record(RecoveryPlan plan) {
    PlanRecord out = new PlanRecord();
    out.action = plan.action().wireName();
    out.reason = plan.reason();
    if (plan instanceof MemoryBump bump) {
      out.container = bump.container();
      out.fromLimit = bump.fromLimit();
      out.toLimit = bump.toLimit();
      out.fromRequest = bump.fromRequest();
      out.toRequest = bump.toRequest();
      List<EnvChangeRecord> caps = new ArrayList<>();
      for (EnvChange cap : bump.heapCaps()) {
        EnvChangeRecord r = new EnvChangeRecord();
        r.name = cap.name();
        r.from = cap.from();
        r.to = cap.to();
        caps.add(r);
      }
      out.heapCaps = caps;
    } else if (plan instanceof VersionPin pin) {
      out.container = pin.container();
      out.envName = pin.envName();
      out.from = pin.from();
      out.to = pin.to();
    }
    return out;
  }

  /** The plan a record describes; empty when the record is not one (unknown action, fields missing). */
  public static Optional<RecoveryPlan> plan(PlanRecord record) {
    if (record == null || record.action == null) {
      return Optional.empty();
    }
    Optional<Action> action = Action.fromWireName(record.action);
    if (action.isEmpty()) {
      return Optional.empty();
    }
    String reason = Objects.requireNonNullElse(record.reason, "");
    return switch (action.get()) {
      case RETRY_STAGE -> Optional.of(new Retry(reason));
      case INCREASE_MEMORY -> record.container == null || record.toLimit == null ? Optional.empty()
          : Optional.of(new MemoryBump(record.container, record.fromLimit, record.toLimit, record.fromRequest,
              record.toRequest,
              Objects.requireNonNullElse(record.heapCaps, List.<EnvChangeRecord>of()).stream()
                  .map(c -> new EnvChange(c.name, c.from, c.to)).toList(),
              reason));
      case PATCH_DEPENDENCY_VERSION -> record.container == null || record.to == null ? Optional.empty()
          : Optional.of(new VersionPin(record.container, record.envName, record.from, record.to, reason));
      case ALERT_HUMAN -> Optional.empty();
    };
  }
}
