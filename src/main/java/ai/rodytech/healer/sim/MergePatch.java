package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386), as the API server applies {@code application/merge-patch+json}: an object in the
 * patch merges into the object it names, {@code null} removes a field, and anything else — an array included —
 * replaces what was there. The CRUD mock merged with Jackson's reader for updating, which appends a patch's array to
 * the stored one and stores a {@code null} as a field: a merge patch of {@code metadata.finalizers} or of a label
 * set to null did not do what it does on a cluster. The dispatcher now applies a merge patch here and hands the
 * mock the JSON patch from the stored object to the result.
 */
final class MergePatch {
  private MergePatch() {}

  /** {@code target} with {@code patch} merged in (neither is changed). */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    return mergeInto(target == null ? null : target.deepCopy(), patch);
  }

  /** Merges {@code patch} into {@code target}, a copy of its own that it changes; returns the result. */
  private static JsonNode mergeInto(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target instanceof ObjectNode object ? object : JsonBodies.newObject();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergeInto(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  /** The JSON patch (RFC 6902) that turns {@code stored} into {@code stored} merged with {@code patch}. */
  static JsonNode asJsonPatch(JsonNode stored, JsonNode patch) {
    return JsonDiff.asJson(stored, apply(stored, patch));
  }
}
