package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.IncidentStatus.PendingAction;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.operator.PolicyIndex.Coverage;
import ai.rodytech.healer.operator.incident.IncidentJournal;
import ai.rodytech.healer.operator.report.EventReason;
import ai.rodytech.healer.operator.report.Reporter;
import ai.rodytech.healer.operator.run.RunHandle;
import ai.rodytech.healer.operator.run.RunKinds;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles incidents: a person's approval or rejection (annotations) of a change waiting in PendingApproval. An
 * approved change is decided again before anything is created: the policy as it is now, the guard, the dry run.
 * Generation-aware processing is off: annotations do not bump metadata.generation.
 */
@ControllerConfiguration(name = "pipeline-healer-incidents", generationAwareEventProcessing = false)
public final class IncidentReconciler implements Reconciler<PipelineIncident> {
  private final PolicyIndex policies;
  private final IncidentJournal journal;
  private final HealingLoop loop;
  private final Reporter report;
  private final RunKinds kinds;

  public IncidentReconciler(
      PolicyIndex policies, IncidentJournal journal, HealingLoop loop, Reporter report, RunKinds kinds) {
    this.policies = policies;
    this.journal = journal;
    this.loop = loop;
    this.report = report;
    this.kinds = kinds;
  }

  /**
   * The incident as this reconciler's cache keeps it: without what was observed and diagnosed (the log excerpt and
   * evidence lines, most of an incident's size), which approvals never need; the pending change, the actions, the
   * decisions and the runs stay. Every write starts from the API's copy or the writer's own, never from this one.
   */
  public static PipelineIncident cacheView(PipelineIncident incident) {
    if (incident.getStatus() != null) {
      incident.getStatus().snapshot = null;
      incident.getStatus().diagnosis = null;
    }
    return incident;
  }

  /**
   * Whether an incident's event can concern this reconciler: only an incident with a change waiting for a person,
   * or approved by one and not carried out yet. The operator's own writes of every other incident (a change being
   * carried out by the run's reconciler, a closed incident) are not reconciled.
   */
  public static boolean waiting(PipelineIncident incident) {
    if (incident.getStatus() == null || incident.getStatus().pending == null || incident.getSpec() == null) {
      return false;
    }
    PendingAction pending = incident.getStatus().pending;
    return Boolean.TRUE.equals(pending.awaitingApproval) || approvedBefore(incident);
  }

  private static boolean approvedBefore(PipelineIncident incident) {
    PendingAction pending = incident.getStatus().pending;
    return incident.getStatus().actions.stream()
        .anyMatch(a -> "Approve".equals(a.kind) && Objects.equals(pending.run, a.target));
  }

  @Override
  public UpdateControl<PipelineIncident> reconcile(PipelineIncident seen, Context<PipelineIncident> context) {
    if (!waiting(seen)) {
      return UpdateControl.noUpdate();
    }
    if (!Boolean.TRUE.equals(seen.getStatus().pending.awaitingApproval)) {
      // Approved earlier and not carried out yet (a cooldown, a failed create, a restart): try again.
      return approvedBefore(seen)
          ? reschedule(carryOut(seen, policies.find(seen.getMetadata().getNamespace(), seen.getSpec().getPolicy())
              .orElse(null)))
          : UpdateControl.noUpdate();
    }
    Map<String, String> annotations = Optional.ofNullable(seen.getMetadata().getAnnotations()).orElse(Map.of());
    boolean rejected = "true".equalsIgnoreCase(annotations.get(PipelineIncident.REJECT_ANNOTATION));
    boolean approved = "true".equalsIgnoreCase(annotations.get(PipelineIncident.APPROVE_ANNOTATION));
    if (!rejected && !approved) {
      return UpdateControl.noUpdate();
    }
    String ns = seen.getMetadata().getNamespace();
    PipelineRecoveryPolicy policy = policies.find(ns, seen.getSpec().getPolicy()).orElse(null);
    String run = seen.getStatus().pending.run;
    if (rejected) {
      journal.rejected(seen, "rejected by annotation").ifPresent(incident -> {
        report.rejected(policy, incident, "Rejected: " + run + " will not be created.");
      });
      return UpdateControl.noUpdate();
    }
    Optional<PipelineIncident> written = journal.approved(seen, "approved by annotation");
    if (written.isEmpty()) {
      return UpdateControl.noUpdate();
    }
    report.approval(written.get(), EventReason.Approved,
        "Approved: " + run + " will be created if the policy as it is now still allows it.");
    return reschedule(carryOut(written.get(), policy));
  }

  /** Decides the approved change again and carries it out, or refuses it with the reason. */
  private HealingLoop.Next carryOut(PipelineIncident incident, PipelineRecoveryPolicy policy) {
    PendingAction pending = incident.getStatus().pending;
    String ns = incident.getMetadata().getNamespace();
    Optional<RunHandle<?>> failed = kinds.read(incident.getSpec().getRunKind(), ns, pending.failedRun);
    Optional<String> notCovered = failed.flatMap(run -> policy != null
        && policies.coverage(run.run(), run.declaredPipeline()) instanceof Coverage.Covered c
        && c.policy().getMetadata().getName().equals(policy.getMetadata().getName())
        ? Optional.empty() : Optional.of("the policy no longer covers the run's pipeline (deleted, invalid or in"
            + " conflict)"));
    return loop.resumeApproved(incident, policy, failed, notCovered,
        () -> kinds.runs(incident.getSpec().getRunKind(), ns, incident.getSpec().getPipeline(), policies));
  }

  private static UpdateControl<PipelineIncident> reschedule(HealingLoop.Next next) {
    return next.retryAfter().<UpdateControl<PipelineIncident>>map(
            d -> UpdateControl.<PipelineIncident>noUpdate().rescheduleAfter(d))
        .orElse(UpdateControl.noUpdate());
  }
}
