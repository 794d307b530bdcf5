package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What a validating admission webhook is shown: the object as it would be stored after the request.
 *
 * @param operation CREATE (POST) or UPDATE (PUT, PATCH)
 * @param dryRun whether the request carried dryRun=All
 * @param subresource "status" for a status write, else ""
 * @param apiVersion the object's apiVersion, e.g. batch/v1
 * @param kind the object's kind, e.g. Job
 * @param namespace the object's namespace, or "" when cluster-scoped
 * @param name the object's name (generated names already filled in)
 * @param json the object as JSON
 */
public record AdmissionRequest(
    Operation operation,
    boolean dryRun,
    String subresource,
    String apiVersion,
    String kind,
    String namespace,
    String name,
    String json) {

  /** The admission operations the simulation reviews. */
  public enum Operation {
    CREATE,
    UPDATE
  }

  /** The object, untyped. */
  public GenericKubernetesResource object() {
    return Serialization.unmarshal(json, GenericKubernetesResource.class);
  }

  /** The object as the given type, e.g. {@code object(Job.class)}. */
  public <T extends HasMetadata> T object(Class<T> type) {
    return Serialization.unmarshal(json, type);
  }

  /** Whether this is a write of the object itself (not of its status) of the given kind. */
  public boolean isMainResourceOf(String kind) {
    return this.kind.equals(kind) && subresource.isEmpty();
  }
}
