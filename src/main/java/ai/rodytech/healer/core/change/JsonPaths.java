package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** JSON-pointer paths (RFC 6901) of the leaves in which two trees differ. */
public final class JsonPaths {

  private JsonPaths() {}

  /** One path segment escaped: '~' as ~0 and '/' as ~1, so {@code rodytech.ai/attempt} reads rodytech.ai~1attempt. */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** The segments of a path, unescaped. */
  public static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    if (path.isEmpty()) {
      return out;
    }
    for (String raw : path.substring(1).split("/", -1)) {
      out.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  /**
   * Paths of every leaf (scalar, null, empty object or empty array) present in one tree and absent or different in
   * the other, in a stable order: object keys sorted, array elements by index.
   */
  static List<String> changedLeaves(JsonNode before, JsonNode after) {
    Set<String> out = new LinkedHashSet<>();
    walk("", before, after, out);
    return List.copyOf(out);
  }

  private static void walk(String path, JsonNode a, JsonNode b, Set<String> out) {
    if (a != null && a.equals(b)) {
      return;
    }
    if (a != null && b != null && a.isObject() && b.isObject()) {
      Set<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        walk(path + "/" + escape(key), a.get(key), b.get(key), out);
      }
    } else if (a != null && b != null && a.isArray() && b.isArray()) {
      for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
        walk(path + "/" + i, a.get(i), b.get(i), out);
      }
    } else {
      leaves(path, a, out);
      leaves(path, b, out);
    }
  }

  private static void leaves(String path, JsonNode node, Set<String> out) {
    if (node == null) {
      return;
    }
    if (node.isObject() && !node.isEmpty()) {
      Set<String> keys = new TreeSet<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.forEach(key -> leaves(path + "/" + escape(key), node.get(key), out));
    } else if (node.isArray() && !node.isEmpty()) {
      Iterator<JsonNode> elements = node.elements();
      for (int i = 0; elements.hasNext(); i++) {
        leaves(path + "/" + i, elements.next(), out);
      }
    } else {
      out.add(path);
    }
  }
}
