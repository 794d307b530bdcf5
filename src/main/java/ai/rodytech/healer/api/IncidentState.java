package ai.rodytech.healer.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where an incident stands; written to {@code status.outcome} by its one owner, the operator's incident journal.
 * The wire values are what {@code kubectl get pipelineincidents} shows.
 */
public enum IncidentState {
  /** A corrective run is decided or running. */
  HEALING("Healing", false),
  /** A corrective run is decided and waits for a person's approval. */
  PENDING_APPROVAL("PendingApproval", false),
  /** A corrective run succeeded. */
  HEALED("Healed", true),
  /** The healer will not act (the diagnosis, the guard or the policy said so): a person was told. */
  NEEDS_HUMAN("NeedsHuman", true),
  /** A corrective run could not be carried out (its creation failed, or it never started): a person was told. */
  FAILED("Failed", true),
  /** Shadow mode: the decision is recorded, nothing was changed. */
  SHADOWED("Shadowed", true),
  /** A person rejected the proposed change. */
  REJECTED("Rejected", true);

  private final String wire;
  private final boolean settled;

  IncidentState(String wire, boolean settled) {
    this.wire = wire;
    this.settled = settled;
  }

  public String wireName() {
    return wire;
  }

  /** Whether nothing more happens in this incident unless its lineage fails again. */
  public boolean settled() {
    return settled;
  }

  public static Optional<IncidentState> of(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
  }
}
