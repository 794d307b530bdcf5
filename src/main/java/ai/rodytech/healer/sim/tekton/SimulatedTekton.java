package ai.rodytech.healer.sim.tekton;

import ai.rodytech.healer.sim.InProcessCluster;
import ai.rodytech.healer.sim.engine.SimulatedEngine;
import ai.rodytech.healer.sim.engine.StepScript;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * A small Tekton Pipelines controller (v0.59+, {@code tekton.dev/v1}) for the {@link InProcessCluster}: each
 * new PipelineRun is resolved (pipelineRef or pipelineSpec, taskRef or taskSpec), validated, and run as
 * TaskRuns and pods with one {@code step-<name>} container per step, while a {@link StepScript} decides how
 * each step ends. See docs/simulation-engines.md for the fields it honours.
 *
 * <pre>{@code
 * try (SimulatedTekton tekton = SimulatedTekton.builder(cluster).script(script).speed(10).start()) { ... }
 * }</pre>
 */
public final class SimulatedTekton extends SimulatedEngine {

  private SimulatedTekton(Builder<SimulatedTekton> builder) {
    super(builder, "sim-tekton");
  }

  /** A controller for {@code cluster}; configure it, then {@link Builder#start()}. */
  public static Builder<SimulatedTekton> builder(InProcessCluster cluster) {
    return new Builder<>(cluster, SimulatedTekton::new);
  }

  @Override
  protected String runApiVersion() {
    return "tekton.dev/v1";
  }

  @Override
  protected String runKind() {
    return "PipelineRun";
  }

  /** Not yet reconciled (no condition), and not held back with {@code spec.status: PipelineRunPending}. */
  @Override
  protected boolean isNew(GenericKubernetesResource run) {
    Object status = run.getAdditionalProperties().get("status");
    boolean reconciled = status instanceof Map<?, ?> map && map.get("conditions") != null;
    Object spec = run.getAdditionalProperties().get("spec");
    boolean pending = spec instanceof Map<?, ?> map && "PipelineRunPending".equals(map.get("status"));
    return !reconciled && !pending;
  }

  @Override
  protected void start(GenericKubernetesResource run) {
    new PipelineRunExecution(context, Serialization.jsonMapper().valueToTree(run)).begin();
  }
}
