package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyStatus.IncidentBrief;
import ai.rodytech.healer.core.guard.GuardReasons;
import ai.rodytech.healer.operator.run.RunHandle;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * The Report phase: everything a person sees of a decision besides the incident — Kubernetes Events (aggregated,
 * one per reason per object), metrics, the policy's aggregates, and the alert channels when a person must act.
 */
public final class Reporter {
  private final EventRecorder events;
  private final EventDigest digests;
  private final HealerMetrics metrics;
  private final PolicyStatusAggregator policyStatus;
  private final HumanNotifier notifier;
  private final java.time.Clock clock;

  /**
   * @param digests the Events that a burst repeats on one object ({@code Healed} on the policy), gathered
   */
  public Reporter(EventRecorder events, EventDigest digests, HealerMetrics metrics,
      PolicyStatusAggregator policyStatus, HumanNotifier notifier, java.time.Clock clock) {
    this.events = events;
    this.digests = digests;
    this.metrics = metrics;
    this.policyStatus = policyStatus;
    this.notifier = notifier;
    this.clock = clock;
  }

  /** A finished run of a guarded pipeline: counted once in the policy's aggregates and the metrics. */
  public void finished(PipelineRecoveryPolicy policy, RunHandle<?> run, String pipeline, boolean failed,
      int consecutiveFailures) {
    boolean counted = policyStatus.runFinished(policy, run.uid(), failed, run.finishedOrCreated(), consecutiveFailures);
    if (counted && failed) {
      metrics.failureSeen(run.namespace(), pipeline);
    }
  }

  public void belowThreshold(HasMetadata run, String pipeline, int consecutive, int threshold) {
    events.record(run, EventReason.BelowThreshold, String.format(
        "Pipeline %s failed %d time(s) in a row; the healer steps in at %d (failureThreshold).",
        pipeline, consecutive, threshold));
  }

  /** A corrective run was created (by this call: {@code createdHere}; else it existed from an earlier pass). */
  public void healAttempted(PipelineRecoveryPolicy policy, RunHandle<?> failed, PipelineIncident incident,
      String action, String message, boolean createdHere) {
    if (createdHere) {
      metrics.heal(action, "created");
      metrics.correctiveRunCreated(action, category(incident), since(failed.finishedOrCreated()));
      policyStatus.healAttempted(policy);
      events.record(failed.run(), EventReason.HealAttempted, message);
    }
    policyStatus.incident(policy, brief(incident));
  }

  /** The healer will not act: the Event by reason, the metrics, and the alert channels. */
  public void refused(PipelineRecoveryPolicy policy, HasMetadata failed, PipelineIncident incident, String action,
      String reason, String message) {
    metrics.refused(reason);
    metrics.heal(action, "needs_human");
    EventReason eventReason =
        switch (reason) {
          case GuardReasons.RETRIES_EXHAUSTED -> EventReason.RetriesExhausted;
          case "DryRunRejected" -> EventReason.DryRunRejected;
          case "NoHealingAction" -> EventReason.NeedsHuman;
          default -> EventReason.HealRefused;
        };
    String why = reason + ": " + message;
    events.record(failed, eventReason, why);
    needsHuman(policy, incident, why);
  }

  /** As {@link #refused}, when the run is gone: the Event goes on the incident; no policy, no channels to alert. */
  public void refusedOnIncident(PipelineRecoveryPolicy policy, PipelineIncident incident, String action,
      String reason, String message) {
    metrics.refused(reason);
    metrics.heal(action, "needs_human");
    events.record(incident, EventReason.HealRefused, reason + ": " + message);
    if (policy != null) {
      needsHuman(policy, incident, reason + ": " + message);
    }
  }

  public void shadowed(PipelineRecoveryPolicy policy, HasMetadata failed, PipelineIncident incident, String action,
      String message) {
    metrics.heal(action, "shadowed");
    events.record(failed, EventReason.Shadowed, message);
    policyStatus.incident(policy, brief(incident));
  }

  public void pendingApproval(PipelineRecoveryPolicy policy, HasMetadata failed, PipelineIncident incident,
      String action, String ask) {
    metrics.heal(action, "pending_approval");
    events.record(failed, EventReason.PendingApproval, ask);
    // A change waiting for approval needs a person as much as a refusal does.
    needsHuman(policy, incident, ask);
  }

  /** A corrective run could not be carried out (creation failed for good, foreign object, never started). */
  public void healFailed(PipelineRecoveryPolicy policy, HasMetadata about, PipelineIncident incident, String action,
      String why) {
    metrics.heal(action, "failed");
    events.record(about, EventReason.HealFailed, why);
    needsHuman(policy, incident, why);
  }

  /** Creating the corrective run failed and is tried again later. */
  public void createRetrying(HasMetadata failed, String why) {
    events.record(failed, EventReason.HealFailed, why + " (will try again)");
  }

  /** A corrective run succeeded: the incident is healed; the policy's Healed series gets {@code message}. */
  public void healed(PipelineRecoveryPolicy policy, PipelineIncident incident, String message) {
    String action = Objects.toString(incident.getStatus() == null ? null : incident.getStatus().action, "unknown");
    metrics.heal(action, "healed");
    metrics.correctiveRunFinished(action, true, since(firstFailure(incident)), pages(policy));
    policyStatus.healSucceeded(policy);
    policyStatus.incident(policy, brief(incident));
    // On the policy, one series for all its heals (the corrective run's own controller reports its success):
    // the first at once, then at most one write per interval with the count and the latest message.
    digests.record(policy, EventReason.Healed, message);
    notifier.healed(policy, incident);
  }

  /** A corrective run failed in its turn (its lineage goes on, or stops for a person). */
  public void correctiveRunFailed(PipelineRecoveryPolicy policy, PipelineIncident incident) {
    String action = Objects.toString(incident.getStatus() == null ? null : incident.getStatus().action, "unknown");
    metrics.correctiveRunFinished(action, false, since(firstFailure(incident)), pages(policy));
  }

  public void approval(PipelineIncident incident, EventReason reason, String message) {
    events.record(incident, reason, message);
  }

  public void rejected(PipelineRecoveryPolicy policy, PipelineIncident incident, String message) {
    events.record(incident, EventReason.Rejected, message);
    if (policy != null) {
      needsHuman(policy, incident, "A person rejected the proposed change; the failure is theirs to fix.");
    }
  }

  private void needsHuman(PipelineRecoveryPolicy policy, PipelineIncident incident, String why) {
    policyStatus.pageSent(policy);
    metrics.pageSent(category(incident));
    policyStatus.incident(policy, brief(incident));
    notifier.needsHuman(policy, incident, why);
  }

  private java.time.Duration since(java.time.Instant at) {
    return at == null ? java.time.Duration.ZERO
        : java.time.Duration.between(at, clock.instant()).isNegative() ? java.time.Duration.ZERO
        : java.time.Duration.between(at, clock.instant());
  }

  /** When the incident's first failed run was recorded. */
  private static java.time.Instant firstFailure(PipelineIncident incident) {
    IncidentStatus st = incident.getStatus();
    return st == null || st.runs.isEmpty() ? null : RunHandle.instant(st.runs.get(0).at);
  }

  private static String category(PipelineIncident incident) {
    IncidentStatus st = incident.getStatus();
    return st == null || st.diagnosis == null || st.diagnosis.category == null ? "unknown" : st.diagnosis.category;
  }

  /** Whether the policy alerts people: then a heal spared a page. */
  private static boolean pages(PipelineRecoveryPolicy policy) {
    return policy.getSpec().getAlerts() != null && policy.getSpec().getAlerts().getChannels() != null
        && !policy.getSpec().getAlerts().getChannels().isEmpty();
  }

  /** The line of the policy's recent incidents for this incident, or null when it has no status yet. */
  static IncidentBrief brief(PipelineIncident incident) {
    IncidentStatus st = incident.getStatus();
    if (st == null) {
      return null;
    }
    return new IncidentBrief(incident.getMetadata().getName(), incident.getSpec().getRootRun(),
        st.diagnosis == null ? null : st.diagnosis.category, st.action, st.outcome, st.updated);
  }
}
