package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeSet;

/** A run tree as YAML lines with keys sorted, so the same tree always reads the same and diffs stay stable. */
final class RunYaml {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              // Keeps "2" (a string, as in cpu: "2") apart from 2 (a number) in the diff a person reads.
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              // One value, one line: a long value changed counts as two changed lines, not as many as it wraps.
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());

  private RunYaml() {}

  static List<String> lines(JsonNode tree) {
    try {
      return YAML.writeValueAsString(sorted(tree)).lines().toList();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a run as YAML", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      TreeSet<String> keys = new TreeSet<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.forEach(key -> copy.set(key, sorted(node.get(key))));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }
}
