package ai.rodytech.healer.operator.report;

/** Every Kubernetes Event reason the healer writes, with its type. One place, so reasons stay stable. */
public enum EventReason {
  FailureObserved(false),
  BelowThreshold(false),
  Diagnosed(false),
  HealAttempted(false),
  Healed(false),
  HealFailed(true),
  HealRefused(true),
  RetriesExhausted(true),
  NeedsHuman(true),
  DryRunRejected(true),
  Shadowed(false),
  PendingApproval(false),
  Approved(false),
  Rejected(true),
  PolicyInvalid(true),
  PolicyConflict(true),
  AlertFailed(true);

  private final boolean warning;

  EventReason(boolean warning) {
    this.warning = warning;
  }

  public String type() {
    return warning ? "Warning" : "Normal";
  }
}
