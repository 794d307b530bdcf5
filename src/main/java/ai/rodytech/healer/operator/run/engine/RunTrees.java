package ai.rodytech.healer.operator.run.engine;

import ai.rodytech.healer.core.change.HealerMetadata;
import ai.rodytech.healer.operator.run.CorrectiveRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * JSON trees of runs defined by a CI engine's CRD (a PipelineRun, a Workflow): the healer reads, compares and
 * re-creates them as trees, without a Java model of the engine.
 */
public final class RunTrees {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Metadata the API server writes; a new run gets its own. */
  private static final List<String> SERVER_METADATA =
      List.of(
          "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink",
          "ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds", "finalizers");
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private RunTrees() {}

  public static ObjectNode tree(HasMetadata run) {
    return JSON.valueToTree(run);
  }

  public static <R> R as(JsonNode tree, Class<R> type) {
    return JSON.convertValue(tree, type);
  }

  /**
   * A copy without status, without what the API server wrote in metadata, and without the labels and annotations
   * the engine (or kubectl) wrote about this object rather than about the work; the argument is not changed.
   */
  public static ObjectNode withoutServerFields(JsonNode run, Predicate<String> engineLabel,
      Predicate<String> engineAnnotation) {
    if (!(run instanceof ObjectNode object)) {
      throw new IllegalArgumentException("a run must be a JSON object, got " + (run == null ? "null" : run.getNodeType()));
    }
    ObjectNode copy = object.deepCopy();
    copy.remove("status");
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove(SERVER_METADATA);
      removeKeys(metadata, "labels", engineLabel);
      removeKeys(metadata, "annotations", engineAnnotation.or(LAST_APPLIED::equals));
    }
    return copy;
  }

  /**
   * Gives a comparable run the lineage's next name, keeps its labels and annotations except the healer's own
   * (which {@link CorrectiveRun#mark} writes afresh), and drops a generateName: the healer's runs have
   * deterministic names, so that a restart never creates one twice.
   */
  public static ObjectNode corrective(ObjectNode comparable, String namespace, CorrectiveRun next) {
    ObjectNode run = comparable.deepCopy();
    ObjectNode old = run.path("metadata") instanceof ObjectNode m ? m : JSON.createObjectNode();
    ObjectNode meta = run.putObject("metadata");
    meta.put("name", next.name());
    meta.put("namespace", namespace);
    ObjectNode labels = meta.putObject("labels");
    ObjectNode annotations = meta.putObject("annotations");
    old.path("labels").properties().forEach(e -> {
      if (!e.getKey().startsWith(HealerMetadata.KEY_PREFIX)) {
        labels.set(e.getKey(), e.getValue());
      }
    });
    old.path("annotations").properties().forEach(e -> {
      if (!e.getKey().startsWith(HealerMetadata.KEY_PREFIX)) {
        annotations.set(e.getKey(), e.getValue());
      }
    });
    next.mark(labels, annotations);
    return run;
  }

  public static Stream<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  /** The text at {@code field}, or null when absent, null or not text. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
  }

  private static void removeKeys(ObjectNode metadata, String map, Predicate<String> drop) {
    if (metadata.get(map) instanceof ObjectNode entries) {
      entries.properties().removeIf(e -> drop.test(e.getKey()));
      if (entries.isEmpty()) {
        metadata.remove(map);
      }
    }
  }
}
