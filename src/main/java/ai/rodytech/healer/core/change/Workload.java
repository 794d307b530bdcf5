package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One container-like unit of a run: what it runs (image, command, args, script), its environment and its
 * resources. A run's parameters (a PipelineRun's {@code params}, a Workflow's {@code arguments.parameters}) are a
 * unit too, with no image and no resources: their name/value list is the unit's environment, so a version pin
 * names them the way it names a container's variable.
 *
 * @param id stable name, unique in the run: a Job's container name, {@code task/step} for a Tekton step,
 *     the template name for an Argo template
 * @param pointer JSON pointer of the unit in the run's tree, e.g. /spec/template/spec/containers/0
 * @param node the unit itself (a Kubernetes Container, a Tekton Step, an Argo container)
 * @param resourcesField the field holding its requests and limits: {@code resources}, or {@code computeResources}
 *     for Tekton steps
 * @param envField the field holding its name/value list: {@code env} for containers, {@code params} or
 *     {@code parameters} for a run's parameters
 */
public record Workload(String id, String pointer, ObjectNode node, String resourcesField, String envField) {

  /** A container-like unit whose environment is {@code env}. */
  public Workload(String id, String pointer, ObjectNode node, String resourcesField) {
    this(id, pointer, node, resourcesField, "env");
  }

  /** The requests and limits object, when the unit has one. */
  public JsonNode resources() {
    return node.path(resourcesField);
  }

  /** The name/value list (env entries, parameters), a missing node when absent. */
  public JsonNode env() {
    return node.path(envField);
  }
}
