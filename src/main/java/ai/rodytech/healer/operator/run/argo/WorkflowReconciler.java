package ai.rodytech.healer.operator.run.argo;

import ai.rodytech.healer.operator.run.RunReconciler;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * Reconciles Argo Workflows. Generation-aware processing is off: Argo writes a workflow's status with the object
 * (no status subresource), but the healer reacts to the phase, whatever the generation says.
 */
@ControllerConfiguration(name = "pipeline-healer-workflows", generationAwareEventProcessing = false)
public final class WorkflowReconciler extends RunReconciler<Workflow> {
  private final ArgoKind kind;

  public WorkflowReconciler(ArgoKind kind, Services services) {
    super(kind, services);
    this.kind = kind;
  }

  /** The workflows' pods, watched so that a failed pod's log is read before Argo's pod GC deletes it. */
  @Override
  protected List<EventSource<?, Workflow>> eventSources(EventSourceContext<Workflow> context) {
    return List.of(podWatch(context, "workflow-pod-evidence", kind.evidence(), ArgoKind.PODS));
  }
}
