package ai.rodytech.healer.operator.act;

import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.Lineage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The next run of a lineage, from the failed Job: the same template under a deterministic name, without what
 * the job controller generated (selector, controller-uid and job-name labels) and without server-set metadata,
 * with lineage annotations and the pipeline label. Works on the JSON tree so a plan can be applied after.
 */
public final class RetryJobFactory {
  static final List<String> CONTROLLER_LABELS =
      List.of("controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name");
  static final List<String> DROPPED_ANNOTATIONS =
      List.of("kubectl.kubernetes.io/last-applied-configuration", "batch.kubernetes.io/job-tracking");

  private RetryJobFactory() {}

  /**
   * @param failed the failed Job as a JSON tree (left untouched)
   * @param lineage the failed Job's lineage
   * @param attempt the attempt number of the new run
   * @param pipeline the pipeline, written as a label so the new run resolves to it whatever matched the original
   * @param strategy the strategy that produces the run
   */
  public static ObjectNode retryOf(JsonNode failed, Lineage lineage, int attempt, String pipeline, String strategy) {
    ObjectNode job = failed.deepCopy();
    job.remove("status");
    ObjectNode oldMeta = (ObjectNode) job.path("metadata");
    ObjectNode meta = job.putObject("metadata");
    meta.put("name", lineage.runName(attempt));
    meta.put("namespace", oldMeta.path("namespace").asText());
    ObjectNode labels = meta.putObject("labels");
    copyExcept(oldMeta.path("labels"), labels, CONTROLLER_LABELS);
    labels.put(Labels.PIPELINE, pipeline);
    labels.put(Labels.MANAGED_BY, Labels.MANAGER);
    ObjectNode annotations = meta.putObject("annotations");
    copyExcept(oldMeta.path("annotations"), annotations, DROPPED_ANNOTATIONS);
    annotations.put(Labels.RETRY_OF, lineage.root());
    annotations.put(Labels.ATTEMPT, Integer.toString(attempt));
    annotations.put(Labels.STRATEGY, strategy);
    annotations.put(Labels.INCIDENT, lineage.incidentName());

    ObjectNode spec = (ObjectNode) job.path("spec");
    spec.remove("selector");
    spec.remove("manualSelector");
    JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
    if (templateLabels instanceof ObjectNode tl) {
      CONTROLLER_LABELS.forEach(tl::remove);
    }
    return job;
  }

  private static void copyExcept(JsonNode from, ObjectNode to, List<String> dropped) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!dropped.contains(e.getKey()) && !e.getKey().startsWith("rodytech.ai/")) {
        to.set(e.getKey(), e.getValue());
      }
    }
  }
}
