package ai.rodytech.healer.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The one JSON mapper the alert bodies are written with. */
final class AlertJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cuts text to a channel's limit, saying so, because channels reject a body rather than truncate it. */
  static String truncate(String text, int limit) {
    return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
  }
}
