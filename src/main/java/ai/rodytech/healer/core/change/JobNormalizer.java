package ai.rodytech.healer.core.change;

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
          "ownerReferences");
  private static final List<String> CONTROLLER_LABELS =
      List.of("controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name");

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
    }
    if (copy.get("spec") instanceof ObjectNode spec) {
      // The controller generates the selector from its own uid; a new run gets a new one anyway.
      spec.remove("selector");
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
    if (metadata.get("labels") instanceof ObjectNode labels) {
      labels.remove(CONTROLLER_LABELS);
      if (labels.isEmpty()) {
        metadata.remove("labels");
      }
    }
  }
}
