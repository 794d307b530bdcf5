package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.operator.report.EventReason;
import ai.rodytech.healer.operator.report.EventRecorder;
import ai.rodytech.healer.operator.report.HumanNotifier;
import ai.rodytech.healer.operator.report.IncidentRecords;
import ai.rodytech.healer.operator.report.IncidentStore;
import ai.rodytech.healer.operator.report.PolicyStatusAggregator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciles incidents: a person's approval or rejection (annotations) of a change waiting in
 * PendingApproval, and an intent written but not carried out (a restart between deciding and acting).
 * Generation-aware processing is off: annotations do not bump metadata.generation.
 */
@ControllerConfiguration(name = "pipeline-healer-incidents", generationAwareEventProcessing = false)
public final class IncidentReconciler implements Reconciler<PipelineIncident> {
  private final KubernetesClient client;
  private final PolicyIndex policies;
  private final IncidentStore incidents;
  private final HealingLoop loop;
  private final EventRecorder events;
  private final HumanNotifier notifier;
  private final PolicyStatusAggregator policyStatus;

  public IncidentReconciler(
      KubernetesClient client, PolicyIndex policies, IncidentStore incidents, HealingLoop loop, EventRecorder events,
      HumanNotifier notifier, PolicyStatusAggregator policyStatus) {
    this.client = client;
    this.policies = policies;
    this.incidents = incidents;
    this.loop = loop;
    this.events = events;
    this.notifier = notifier;
    this.policyStatus = policyStatus;
  }

  @Override
  public UpdateControl<PipelineIncident> reconcile(PipelineIncident incident, Context<PipelineIncident> context) {
    IncidentStatus st = incident.getStatus();
    if (st == null || st.pending == null || incident.getSpec() == null) {
      return UpdateControl.noUpdate();
    }
    String ns = incident.getMetadata().getNamespace();
    // From the policies' cache; read from the API only when the cache does not have it (yet).
    Optional<PipelineRecoveryPolicy> policy = policies.find(ns, incident.getSpec().getPolicy())
        .or(() -> Optional.ofNullable(client.resources(PipelineRecoveryPolicy.class).inNamespace(ns)
            .withName(incident.getSpec().getPolicy()).get()));
    if (policy.isEmpty()) {
      return UpdateControl.noUpdate();
    }
    if (Boolean.TRUE.equals(st.pending.awaitingApproval)) {
      Map<String, String> annotations = Optional.ofNullable(incident.getMetadata().getAnnotations()).orElse(Map.of());
      if ("true".equalsIgnoreCase(annotations.get(PipelineIncident.REJECT_ANNOTATION))) {
        reject(incident, policy.get());
      } else if ("true".equalsIgnoreCase(annotations.get(PipelineIncident.APPROVE_ANNOTATION))) {
        approve(incident, policy.get());
      }
      return UpdateControl.noUpdate();
    }
    loop.resume(incident, policy.get());
    return UpdateControl.noUpdate();
  }

  private void approve(PipelineIncident incident, PipelineRecoveryPolicy policy) {
    String now = policyStatus.now();
    String run = incident.getStatus().pending.run;
    incidents.edit(incident, st -> {
      if (st.pending != null && Boolean.TRUE.equals(st.pending.awaitingApproval)) {
        st.pending.awaitingApproval = false;
        st.actions.add(IncidentRecords.action("Approve", run, "Succeeded", "approved by annotation", now));
      }
    });
    events.record(incident, EventReason.Approved, "Approved: " + run + " will be created.");
  }

  private void reject(PipelineIncident incident, PipelineRecoveryPolicy policy) {
    String now = policyStatus.now();
    String run = incident.getStatus().pending.run;
    incidents.edit(incident, st -> {
      if (st.pending != null) {
        st.pending = null;
        st.actions.add(IncidentRecords.action("Reject", run, "Succeeded", "rejected by annotation", now));
        st.outcome = "Rejected";
        st.updated = now;
      }
    });
    events.record(incident, EventReason.Rejected, "Rejected: " + run + " will not be created.");
    notifier.needsHuman(policy, incident, "A person rejected the proposed change; the failure is theirs to fix.");
  }
}
