package ai.rodytech.healer.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Deque;
import java.util.ArrayDeque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values table of docs/install.md, from a chart's values.yaml: one row per key that carries a
 * {@code # --} comment (helm-docs' convention), with its default. A row for a map stands for all the keys
 * under it.
 */
final class ValuesTable {
  /** One documented key. */
  record Row(String key, String defaultValue, String description) {}

  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_]+):.*$");
  private static final Pattern DOC = Pattern.compile("^ *# -- ?(.*)$");
  private static final Pattern MORE = Pattern.compile("^ *# ?(.*)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ValuesTable() {}

  static List<Row> rows(String valuesYaml) {
    JsonNode values = YamlDocs.parse(valuesYaml).get(0);
    List<Row> rows = new ArrayList<>();
    Deque<String[]> path = new ArrayDeque<>();
    StringBuilder pending = null;
    for (String line : valuesYaml.split("\n", -1)) {
      Matcher doc = DOC.matcher(line);
      Matcher more = MORE.matcher(line);
      Matcher key = KEY.matcher(line);
      if (line.isBlank()) {
        pending = null;
      } else if (doc.matches()) {
        pending = new StringBuilder(doc.group(1).trim());
      } else if (more.matches()) {
        if (pending != null) {
          pending.append(' ').append(more.group(1).trim());
        }
      } else if (key.matches()) {
        int indent = key.group(1).length();
        while (!path.isEmpty() && Integer.parseInt(path.peekLast()[0]) >= indent) {
          path.removeLast();
        }
        path.addLast(new String[] {Integer.toString(indent), key.group(2)});
        String dotted = String.join(".", path.stream().map(entry -> entry[1]).toList());
        if (pending != null) {
          rows.add(new Row(dotted, render(at(values, dotted)), pending.toString()));
        }
        pending = null;
      }
    }
    return rows;
  }

  /** Every key path whose value is not a map with keys: a scalar, a list, or an empty map. */
  static List<String> leaves(String valuesYaml) {
    List<String> leaves = new ArrayList<>();
    collectLeaves(YamlDocs.parse(valuesYaml).get(0), "", leaves);
    return leaves;
  }

  static String markdown(List<Row> rows) {
    StringBuilder out = new StringBuilder("| Key | Default | Description |\n|---|---|---|\n");
    for (Row row : rows) {
      out.append("| `").append(row.key()).append("` | `").append(row.defaultValue()).append("` | ")
          .append(row.description().replace("|", "\\|")).append(" |\n");
    }
    return out.toString();
  }

  private static void collectLeaves(JsonNode node, String prefix, List<String> out) {
    if (node.isObject() && node.size() > 0) {
      node.fields().forEachRemaining(field ->
          collectLeaves(field.getValue(), prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), out));
    } else {
      out.add(prefix);
    }
  }

  private static JsonNode at(JsonNode values, String dotted) {
    JsonNode node = values;
    for (String part : dotted.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  private static String render(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
