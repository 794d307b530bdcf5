package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.Lineage;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a run kind needs to turn a failed run into the next run of its lineage: the identity the healer gives it.
 *
 * @param lineage the failed run's lineage
 * @param attempt the attempt number of the new run
 * @param pipeline the pipeline, written as a label so the new run resolves to it whatever matched the original
 * @param strategy the strategy that produces the run
 * @param incident the name of the incident that records the lineage
 * @param failedUid the UID of the run it replaces
 */
public record CorrectiveRun(
    Lineage lineage, int attempt, String pipeline, String strategy, String incident, String failedUid) {

  public String name() {
    return lineage.runName(attempt);
  }

  /**
   * Writes the healer's labels and annotations on a corrective run (every kind writes the same ones): the
   * pipeline and managed-by labels, the lineage, the strategy and the incident.
   */
  public void mark(ObjectNode labels, ObjectNode annotations) {
    labels.put(Labels.PIPELINE, pipeline);
    labels.put(Labels.MANAGED_BY, Labels.MANAGER);
    annotations.put(Labels.RETRY_OF, lineage.root());
    annotations.put(Labels.ROOT_UID, lineage.rootUid() == null ? "" : lineage.rootUid());
    annotations.put(Labels.ATTEMPT, Integer.toString(attempt));
    annotations.put(Labels.STRATEGY, strategy);
    annotations.put(Labels.INCIDENT, incident);
    annotations.put(Labels.REPLACES_UID, failedUid == null ? "" : failedUid);
  }
}
