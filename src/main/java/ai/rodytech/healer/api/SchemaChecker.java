package ai.rodytech.healer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Checks the shape of a document against the OpenAPI v3 schema of a CRD, as the API server would: types,
 * enums, required fields and unknown fields. Every problem is reported, and each offending node is removed
 * from the (mutable) tree, so the rest can still be read into the typed classes and checked for meaning.
 * Value ranges and formats (minimum, maximum, pattern) are left to {@link PolicyValidator}, so that each rule
 * has one wording whether a policy comes from a file or from the cluster.
 *
 * <p>Unknown fields are errors, not warnings: the API server would prune them silently, and a typo such as
 * {@code maxRetry: 1} would leave the default of 3 in force, which is exactly what a guardrail must not do.
 */
public final class SchemaChecker {
  private final List<FieldProblem> problems = new ArrayList<>();

  private SchemaChecker() {}

  /** Problems of value (found at path) against schema; offending nodes are removed from value. */
  public static List<FieldProblem> check(JsonNode value, JsonNode schema, String path) {
    SchemaChecker checker = new SchemaChecker();
    checker.visit(value, schema, path);
    return List.copyOf(checker.problems);
  }

  /** Whether the node may stay; a false answer has reported its problem (or is an explicit null). */
  private boolean visit(JsonNode node, JsonNode schema, String path) {
    if (node == null || node.isNull() || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      // An explicit null is treated as absent, as the API server does for non-nullable fields.
      return node != null && !node.isNull();
    }
    String type = schema.path("type").asText("");
    return switch (type) {
      case "object" -> visitObject(node, schema, path);
      case "array" -> visitArray(node, schema, path);
      case "string" -> expect(node.isTextual(), path, "must be a string") && visitEnum(node, schema, path);
      case "integer" -> visitInteger(node, path);
      case "number" -> expect(node.isNumber(), path, "must be a number");
      case "boolean" -> expect(node.isBoolean(), path, "must be true or false");
      default -> true;
    };
  }

  private boolean visitObject(JsonNode node, JsonNode schema, String path) {
    if (!expect(node.isObject(), path, "must be an object (key: value pairs)")) {
      return false;
    }
    ObjectNode object = (ObjectNode) node;
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    Set<String> refused = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String fieldPath = path + "." + Quoted.key(field.getKey());
      JsonNode fieldSchema = properties.get(field.getKey());
      if (fieldSchema == null && additional.isObject()) {
        fieldSchema = additional;
      }
      if (fieldSchema == null) {
        problems.add(new FieldProblem(fieldPath, unknownField(field.getKey(), properties)));
        it.remove();
      } else if (!visit(field.getValue(), fieldSchema, fieldPath)) {
        refused.add(field.getKey());
        it.remove();
      }
    }
    for (JsonNode required : schema.path("required")) {
      // A required field refused for its type has its problem already; "required" would only repeat it.
      if (!object.hasNonNull(required.asText()) && !refused.contains(required.asText())) {
        problems.add(new FieldProblem(path + "." + required.asText(), "required"));
      }
    }
    return true;
  }

  private boolean visitArray(JsonNode node, JsonNode schema, String path) {
    if (!expect(node.isArray(), path, "must be a list")) {
      return false;
    }
    ArrayNode array = (ArrayNode) node;
    JsonNode items = schema.path("items");
    for (int i = 0; i < array.size(); i++) {
      // Nulled, not removed, so that later indexes still name the entry the user wrote.
      if (items.isObject() && !visit(array.get(i), items, path + "[" + i + "]")) {
        array.set(i, NullNode.getInstance());
      }
    }
    return true;
  }

  private boolean visitInteger(JsonNode node, String path) {
    if (node.isIntegralNumber() && !node.canConvertToInt()) {
      problems.add(new FieldProblem(path, "must be at most " + Integer.MAX_VALUE));
      return false;
    }
    return expect(node.isIntegralNumber(), path, "must be an integer");
  }

  private boolean visitEnum(JsonNode node, JsonNode schema, String path) {
    JsonNode allowed = schema.path("enum");
    if (!allowed.isArray() || allowed.isEmpty()) {
      return true;
    }
    Set<String> values = StreamSupport.stream(allowed.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
    if (values.contains(node.asText())) {
      return true;
    }
    problems.add(
        new FieldProblem(
            path,
            "unknown " + WireNames.noun(path) + " " + Quoted.value(node.asText()) + "; allowed: "
                + String.join(", ", WireNames.inDeclarationOrder(values))));
    return false;
  }

  private boolean expect(boolean ok, String path, String message) {
    if (!ok) {
      problems.add(new FieldProblem(path, message));
    }
    return ok;
  }

  private static String unknownField(String name, JsonNode properties) {
    Set<String> known = new TreeSet<>();
    properties.fieldNames().forEachRemaining(known::add);
    return known.stream()
        .filter(candidate -> Spelling.isCloseTo(name, candidate))
        .min(Comparator.comparingInt(candidate -> Spelling.distance(name, candidate)))
        .map(candidate -> "unknown field; did you mean \"" + candidate + "\"?")
        .orElse("unknown field; known fields: " + String.join(", ", known));
  }
}
