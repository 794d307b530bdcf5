package ai.rodytech.healer.core.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The string values of a JSON document, unescaped, one a line: a redaction test then finds a log line as the log
 * wrote it, quotes and backslashes included, whatever the sink's JSON escaping.
 */
public final class JsonText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {}

  public static String of(String json) {
    try {
      List<String> values = new ArrayList<>();
      collect(JSON.readTree(json), values);
      return String.join("\n", values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.forEach(child -> collect(child, out));
  }
}
