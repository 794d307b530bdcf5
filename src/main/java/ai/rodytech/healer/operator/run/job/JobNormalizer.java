package ai.rodytech.healer.operator.run.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Strips from a batch/v1 Job what the API server and the Job controller wrote, so that two Jobs compare by
 * what a person or the healer asked for.
 */
public final class JobNormalizer {
  private static final List<String> SERVER_METADATA =
      List.of(
          "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink",
          "ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds", "finalizers");
  private static final List<String> CONTROLLER_LABELS =
      List.of("controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name");
  // Written by kubectl and by the Job controller about the object, not about the work; a new run drops them.
  private static final List<String> TOOL_ANNOTATIONS =
      List.of("kubectl.kubernetes.io/last-applied-configuration", "batch.kubernetes.io/job-tracking");

  private JobNormalizer() {}

  /** A normalized deep copy; the argument is not changed. */
  public static ObjectNode normalize(JsonNode job) {
    if (job == null || !job.isObject()) {
      throw new IllegalArgumentException("a Job must be a JSON object, got " + (job == null ? "null" : job.getNodeType()));
    }
    ObjectNode copy = ((ObjectNode) job).deepCopy();
    copy.remove("status");
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove(SERVER_METADATA);
      removeControllerLabels(metadata);
      removeKeys(metadata, "annotations", TOOL_ANNOTATIONS);
    }
    if (copy.get("spec") instanceof ObjectNode spec) {
      // The controller generates the selector from its own uid; a new run gets a new one anyway, and
      // manualSelector means nothing without the selector it vouched for. A suspended copy would never run.
      spec.remove(List.of("selector", "manualSelector", "suspend"));
      if (spec.get("template") instanceof ObjectNode template
          && template.get("metadata") instanceof ObjectNode templateMetadata) {
        removeControllerLabels(templateMetadata);
        if (templateMetadata.path("creationTimestamp").isNull()) {
          templateMetadata.remove("creationTimestamp");
        }
      }
    }
    return copy;
  }

  private static void removeControllerLabels(ObjectNode metadata) {
    removeKeys(metadata, "labels", CONTROLLER_LABELS);
  }

  private static void removeKeys(ObjectNode metadata, String map, List<String> keys) {
    if (metadata.get(map) instanceof ObjectNode entries) {
      entries.remove(keys);
      if (entries.isEmpty()) {
        metadata.remove(map);
      }
    }
  }
}
