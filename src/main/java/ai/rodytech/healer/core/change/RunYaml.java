package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A run tree as YAML lines with keys sorted, so the same tree always reads the same and diffs stay stable. Jackson
 * writes each object's properties sorted by name as it goes (no sorted copy of the tree is made).
 */
final class RunYaml {
  private static final YAMLMapper YAML =
      YAMLMapper.builder(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              // Keeps "2" (a string, as in cpu: "2") apart from 2 (a number) in the diff a person reads.
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              // One value, one line: a long value changed counts as two changed lines, not as many as it wraps.
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build())
          .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
          .build();

  private RunYaml() {}

  static List<String> lines(JsonNode tree) {
    try {
      return YAML.writeValueAsString(tree).lines().toList();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a run as YAML", e);
    }
  }
}
