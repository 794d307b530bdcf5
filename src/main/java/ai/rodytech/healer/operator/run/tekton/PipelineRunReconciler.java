package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.operator.run.RunReconciler;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/**
 * Reconciles Tekton PipelineRuns. Generation-aware processing is off because a run's result arrives as a status
 * change, which does not bump metadata.generation.
 */
@ControllerConfiguration(name = "pipeline-healer-pipelineruns", generationAwareEventProcessing = false)
public final class PipelineRunReconciler extends RunReconciler<PipelineRun> {

  public PipelineRunReconciler(TektonKind kind, Services services) {
    super(kind, services);
  }
}
