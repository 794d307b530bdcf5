package ai.rodytech.healer.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Multi-document YAML (`healer manifests`, `helm template`) as JSON trees, and short ways to pick objects. */
public final class YamlDocs {
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private YamlDocs() {}

  /** Every non-empty document, in order. */
  public static List<JsonNode> parse(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  public static List<JsonNode> all(List<JsonNode> docs, String kind) {
    return docs.stream().filter(doc -> kind.equals(doc.path("kind").asText())).toList();
  }

  public static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> found = all(docs, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  /** kind/namespace/name, e.g. "Role/ci/pipeline-healer" ("-" for a cluster-scoped object). */
  public static String id(JsonNode doc) {
    JsonNode metadata = doc.path("metadata");
    String namespace = metadata.path("namespace").asText();
    return doc.path("kind").asText() + "/" + (namespace.isEmpty() ? "-" : namespace) + "/" + metadata.path("name").asText();
  }

  /** Every text in the named list field of each element, e.g. all verbs of all rules. */
  public static List<String> texts(JsonNode elements, String field) {
    List<String> out = new ArrayList<>();
    elements.forEach(element -> element.path(field).forEach(value -> out.add(value.asText())));
    return out;
  }
}
