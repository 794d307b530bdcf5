package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One container-like unit of a run: what it runs (image, command, args, script), its environment and its
 * resources.
 *
 * @param id stable name, unique in the run: a Job's container name, {@code task/step} for a Tekton step,
 *     the template name for an Argo template
 * @param pointer JSON pointer of the unit in the run's tree, e.g. /spec/template/spec/containers/0
 * @param node the unit itself (a Kubernetes Container, a Tekton Step, an Argo container)
 * @param resourcesField the field holding its requests and limits: {@code resources}, or {@code computeResources}
 *     for Tekton steps
 */
public record Workload(String id, String pointer, ObjectNode node, String resourcesField) {

  /** The requests and limits object, when the unit has one. */
  public com.fasterxml.jackson.databind.JsonNode resources() {
    return node.path(resourcesField);
  }
}
