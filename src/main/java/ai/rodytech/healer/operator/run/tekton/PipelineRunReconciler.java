package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.operator.run.RunReconciler;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * Reconciles Tekton PipelineRuns. Generation-aware processing is off because a run's result arrives as a status
 * change, which does not bump metadata.generation.
 */
@ControllerConfiguration(name = "pipeline-healer-pipelineruns", generationAwareEventProcessing = false)
public final class PipelineRunReconciler extends RunReconciler<PipelineRun> {
  private final TektonKind kind;

  public PipelineRunReconciler(TektonKind kind, Services services) {
    super(kind, services);
    this.kind = kind;
  }

  /**
   * The runs' pods, watched so that a failed step's log is read at once and what ran is cached (no list per heal),
   * and their TaskRuns, cached slim for the observer.
   */
  @Override
  protected List<EventSource<?, PipelineRun>> eventSources(EventSourceContext<PipelineRun> context) {
    return List.of(podWatch(context, "pipelinerun-pod-evidence", kind.evidence(), TektonKind.PODS),
        new TaskRunWatch(context.getClient(), watchedNamespaces(context), listLimit(context), kind.taskRuns()));
  }
}
