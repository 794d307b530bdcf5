package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Request and stored bodies as Jackson trees. */
final class JsonBodies {
  private JsonBodies() {}

  /** The body as a tree; an empty object when it is not JSON (the mock answers malformed bodies itself). */
  static JsonNode tree(byte[] json) {
    try {
      return Serialization.jsonMapper().readTree(json);
    } catch (IOException e) {
      return Serialization.jsonMapper().createObjectNode();
    }
  }

  static JsonNode tree(String json) {
    return tree(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The object member {@code field} of {@code parent}, added when it is absent or not an object. */
  static ObjectNode object(ObjectNode parent, String field) {
    JsonNode child = parent.get(field);
    return child instanceof ObjectNode existing ? existing : parent.putObject(field);
  }

  static ObjectNode newObject() {
    return Serialization.jsonMapper().createObjectNode();
  }

  static ArrayNode newArray() {
    return Serialization.jsonMapper().createArrayNode();
  }
}
