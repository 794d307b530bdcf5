package ai.rodytech.healer.sim.engine;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One step a simulated engine is about to run, as a {@link StepScript} sees it: what runs it, where, and with
 * which image, environment and effective memory limit (after every rule of the engine that sets resources).
 *
 * @param engine "tekton" or "argo"
 * @param run the PipelineRun or Workflow name
 * @param pipeline the pipeline it belongs to: the PipelineRun's pipelineRef name (else its tekton.dev/pipeline
 *     label, else the run's name); the Workflow's workflowTemplateRef name (else its workflow-template or
 *     cron-workflow label, else the Workflow's name)
 * @param task the pipeline task (Tekton) or the template (Argo) the step belongs to
 * @param step the step's name (Tekton) or "main" (Argo)
 * @param attempt the healer's attempt annotation (rodytech.ai/attempt) of the run: 0 for an original run
 * @param retry the engine's own retry of this task or node: 0 for the first try
 * @param image the step's image, parameters substituted
 * @param env the step's literal environment variables (valueFrom ones are left out)
 * @param memoryLimit the container's effective memory limit, null when it has none
 * @param labels the run's labels
 * @param annotations the run's annotations
 */
public record StepRun(
    String engine,
    String namespace,
    String run,
    String pipeline,
    String task,
    String step,
    int attempt,
    int retry,
    String image,
    Map<String, String> env,
    Quantity memoryLimit,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public StepRun {
    env = Map.copyOf(env);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** The memory limit in bytes, null when the container has none. */
  public BigDecimal memoryLimitBytes() {
    return memoryLimit == null ? null : Quantity.getAmountInBytes(memoryLimit);
  }

  /** "task/step", as tests and logs name a step. */
  public String path() {
    return task + "/" + step;
  }
}
