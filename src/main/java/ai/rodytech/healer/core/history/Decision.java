package ai.rodytech.healer.core.history;

import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.Action;
import java.util.List;

/**
 * What the healer decided for one failure, as the ledger keeps it: the signatures that decided (the first one
 * led) and the strategy chosen, or {@code alert_human} when a person was asked.
 *
 * @param signatures signature ids, the deciding one first; never empty
 * @param strategy an {@link Action} wire name
 */
public record Decision(List<String> signatures, String strategy) {

  public Decision {
    signatures = signatures == null ? List.of() : signatures.stream().filter(s -> s != null && !s.isBlank()).toList();
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("a decision names at least one signature");
    }
    if (strategy == null || Action.fromWireName(strategy).isEmpty()) {
      throw new IllegalArgumentException("unknown strategy: " + strategy);
    }
  }

  /**
   * The decision taken on a judged diagnosis: its signatures, and the action actually taken, which is alert_human
   * when the planner or the guard said no even though the diagnosis proposed a strategy.
   */
  public static Decision of(Diagnosis diagnosis, Action taken) {
    return new Decision(Signatures.of(diagnosis), (taken == null ? Action.ALERT_HUMAN : taken).wireName());
  }

  /** The signature that decided: the one a track record is kept for. */
  public String signature() {
    return signatures.get(0);
  }

  public Action action() {
    return Action.fromWireName(strategy).orElseThrow();
  }
}
