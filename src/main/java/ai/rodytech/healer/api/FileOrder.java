package ai.rodytech.healer.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sorts problems as their fields appear in the file, so the report reads top to bottom like the file. */
final class FileOrder {
  private FileOrder() {}

  /**
   * The problems in the order of their fields in the document; a missing field sorts at its parent. The sort
   * is stable, so the problems of one field keep the order in which they were found.
   */
  static List<FieldProblem> sort(List<FieldProblem> problems, JsonNode document) {
    Map<String, Integer> position = new HashMap<>();
    collect(document, "", position);
    List<FieldProblem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt(problem -> rank(problem.field(), position)));
    return sorted;
  }

  private static int rank(String field, Map<String, Integer> position) {
    for (String path = field; !path.isEmpty(); path = parentOf(path)) {
      Integer at = position.get(path);
      if (at != null) {
        return at;
      }
    }
    return -1;
  }

  private static String parentOf(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  private static void collect(JsonNode node, String path, Map<String, Integer> position) {
    if (!path.isEmpty()) {
      position.putIfAbsent(path, position.size());
    }
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> collect(node.get(name), path.isEmpty() ? name : path + "." + name, position));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "[" + i + "]", position);
      }
    }
  }
}
