package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.JsonNode;
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
}
