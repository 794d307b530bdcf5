package ai.rodytech.healer.operator.run.argo;

import ai.rodytech.healer.operator.run.RunReconciler;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/**
 * Reconciles Argo Workflows. Generation-aware processing is off: Argo writes a workflow's status with the object
 * (no status subresource), but the healer reacts to the phase, whatever the generation says.
 */
@ControllerConfiguration(name = "pipeline-healer-workflows", generationAwareEventProcessing = false)
public final class WorkflowReconciler extends RunReconciler<Workflow> {

  public WorkflowReconciler(ArgoKind kind, Services services) {
    super(kind, services);
  }
}
