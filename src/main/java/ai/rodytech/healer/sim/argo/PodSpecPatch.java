package ai.rodytech.healer.sim.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;

/**
 * Argo's {@code podSpecPatch}: a pod spec fragment, JSON or YAML, merged into the pod spec the way a strategic
 * merge patch merges it. Objects merge key by key; lists of containers, init containers, env variables and
 * volumes merge by name, volume mounts by mount path; other lists and values are replaced.
 */
final class PodSpecPatch {
  private static final Map<String, String> MERGE_KEYS =
      Map.of("containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
          "volumeMounts", "mountPath", "ports", "containerPort");

  private PodSpecPatch() {}

  /** Applies {@code patch} (JSON or YAML text; blank is no patch) to {@code podSpec} in place. */
  static void apply(ObjectNode podSpec, String patch) {
    if (patch == null || patch.isBlank()) {
      return;
    }
    JsonNode fragment;
    try {
      fragment = Serialization.jsonMapper().valueToTree(Serialization.unmarshal(patch, Map.class));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("podSpecPatch is neither JSON nor YAML: " + e.getMessage(), e);
    }
    merge(podSpec, fragment);
  }

  private static void merge(ObjectNode target, JsonNode patch) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      JsonNode existing = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject() && existing instanceof ObjectNode object) {
        merge(object, value);
      } else if (value.isArray() && existing instanceof ArrayNode list && MERGE_KEYS.containsKey(key)) {
        mergeList(list, (ArrayNode) value, MERGE_KEYS.get(key));
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  private static void mergeList(ArrayNode target, ArrayNode patch, String mergeKey) {
    for (JsonNode item : patch) {
      String id = item.path(mergeKey).asText();
      ObjectNode match = null;
      for (JsonNode existing : target) {
        if (existing.path(mergeKey).asText().equals(id) && existing instanceof ObjectNode object) {
          match = object;
        }
      }
      if (match != null) {
        merge(match, item);
      } else {
        target.add(item.deepCopy());
      }
    }
  }
}
