package ai.rodytech.healer.sim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Rewrites every string inside a JSON tree, as the engines' variable substitution does. */
public final class JsonStrings {
  private JsonStrings() {}

  /** Replaces every string value under {@code node} (not field names) by {@code rewrite} of it, in place. */
  public static void rewriteAll(JsonNode node, UnaryOperator<String> rewrite) {
    if (node instanceof ObjectNode object) {
      object.fields().forEachRemaining(field -> {
        if (field.getValue().isTextual()) {
          field.setValue(TextNode.valueOf(rewrite.apply(field.getValue().asText())));
        } else {
          rewriteAll(field.getValue(), rewrite);
        }
      });
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(rewrite.apply(array.get(i).asText())));
        } else {
          rewriteAll(array.get(i), rewrite);
        }
      }
    }
  }

  /** A JSON object of strings (labels, annotations) as a mutable map in its order; missing gives an empty map. */
  public static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }
}
