package ai.rodytech.healer.operator.run.engine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads fields of a generic resource (a PipelineRun, a Workflow) without converting it to a tree: its state is
 * read on every informer event and for every run of a pipeline when failures are counted, so it must be cheap.
 * A path that does not lead anywhere, or leads to another type, reads as absent.
 */
public final class RunFields {

  private RunFields() {}

  /** The value at the path of map keys (String) and list indexes (Integer), or null. */
  public static Object at(GenericKubernetesResource run, Object... path) {
    Object current = run.getAdditionalProperties();
    for (Object step : path) {
      if (step instanceof String key && current instanceof Map<?, ?> map) {
        current = map.get(key);
      } else if (step instanceof Integer index && current instanceof List<?> list && index >= 0
          && index < list.size()) {
        current = list.get(index);
      } else {
        return null;
      }
    }
    return current;
  }

  public static String text(GenericKubernetesResource run, Object... path) {
    return at(run, path) instanceof String s ? s : null;
  }

  /** The maps in the list at the path (other elements left out); empty when absent. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> maps(GenericKubernetesResource run, Object... path) {
    if (!(at(run, path) instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().filter(Map.class::isInstance).map(e -> (Map<String, Object>) e).toList();
  }

  /** The map at the path; empty when absent. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(GenericKubernetesResource run, Object... path) {
    return at(run, path) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** The UID of the object's owner of this kind (a pod's TaskRun or Workflow, a TaskRun's PipelineRun), or null. */
  public static String ownerUid(HasMetadata object, String kind) {
    return Optional.ofNullable(object.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
        .filter(o -> kind.equals(o.getKind())).map(OwnerReference::getUid).findFirst().orElse(null);
  }

  /** Whether one of the object's owners has this UID. */
  public static boolean ownedBy(HasMetadata object, String uid) {
    return Optional.ofNullable(object.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
        .anyMatch(o -> uid.equals(o.getUid()));
  }

  /** A string value of a map, or null. */
  public static String text(Map<String, Object> map, String key) {
    return map.get(key) instanceof String s ? s : null;
  }
}
