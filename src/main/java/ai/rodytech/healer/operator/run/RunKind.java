package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.Lineage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Everything that differs between the kinds of CI run the healer heals (a batch/v1 Job, a Tekton PipelineRun, an
 * Argo Workflow): how a run's state is read, which pipeline it declares, how its failure is observed, how it is
 * compared and re-created, and where its containers sit. The healing loop, the brains, the planner, the guard and
 * the incidents only ever see a run through this interface. docs/run-kinds.md is the guide for adding a kind.
 *
 * @param <R> the fabric8 type of the run
 */
public interface RunKind<R extends HasMetadata> {

  /** The kind's name on incidents, Events and metrics (Job, PipelineRun, Workflow): its type's {@code @Kind}. */
  default String kind() {
    return HasMetadata.getKind(type());
  }

  /** The run's API version, e.g. batch/v1: its type's {@code @Group} and {@code @Version}. */
  default String apiVersion() {
    return HasMetadata.getApiVersion(type());
  }

  Class<R> type();

  /** Where workloads, pod-level settings and volumes sit in the runs {@link #comparable} and {@link #corrective} give. */
  RunLayout layout();

  /** The run's state as its engine tells it (read from what the informer caches). */
  RunState state(R run);

  /**
   * The pipeline the run declares through the kind's own means (an owning CronJob, a Tekton pipelineRef, an Argo
   * workflow template), or empty; the {@code rodytech.ai/pipeline} label and name matching are applied by the
   * caller around this.
   */
  Optional<String> declaredPipeline(R run);

  /** Builds the failure snapshot of a failed run. Reads the cluster, never changes it. */
  FailureSnapshot observe(R run, String pipeline, Lineage lineage);

  /**
   * Why a failure goes to a person by what its snapshot shows, where the run alone ({@link #state}) cannot tell: a
   * Tekton TaskRun that timed out leaves its PipelineRun only "Failed". Empty when a brain judges the failure.
   */
  default Optional<String> forPerson(FailureSnapshot snapshot) {
    return Optional.empty();
  }

  /**
   * The run as the healer compares it and re-creates it: status, server-set metadata and what the engine wrote
   * removed; references resolved where the kind needs them to change a step. A new tree each call.
   */
  ObjectNode comparable(R run);

  /** The next run of a lineage: {@link #comparable} of the failed run, renamed and labelled as the healer's. */
  ObjectNode corrective(R failed, CorrectiveRun run);

  /**
   * The run in the form {@code plan} is applied to and compared in. A kind whose steps sit in objects the run only
   * references (a Tekton Pipeline and its Tasks, an Argo WorkflowTemplate) resolves them into the run here, and
   * only when the plan changes something there; a retry stays a run of the referenced pipeline. By default
   * {@link #comparable(HasMetadata)}.
   */
  default ObjectNode comparable(R run, RecoveryPlan plan) {
    return comparable(run);
  }

  /** {@link #corrective(HasMetadata, CorrectiveRun)} in the form {@link #comparable(HasMetadata, RecoveryPlan)} gives. */
  default ObjectNode corrective(R failed, CorrectiveRun run, RecoveryPlan plan) {
    return corrective(failed, run);
  }

  /**
   * Images (by workload id), their resolved digests where the cluster recorded them, and the values of the given
   * version pins that a successful run used: the baseline patch_dependency_version pins back to. May read the
   * cluster (pods).
   */
  KnownGoodVersions versions(R run, List<String> pins);

  /** Whether a run the healer created has started; may read the cluster (events, pods) when it has not. */
  StartCheck started(R run);

  /** The slim copy the informer keeps: enough for {@link #state}, the pipeline, lineage and, for failed runs, more. */
  R cacheView(R run);
}
