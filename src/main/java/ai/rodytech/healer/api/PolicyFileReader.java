package ai.rodytech.healer.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy file (YAML or JSON, one or several documents) offline and reports every problem in it. Each
 * document is read as a tree first, so that a wrong type or an unknown field is one problem among others
 * rather than the first exception of a data binder: the tree is checked against the CRD's schema
 * ({@link SchemaChecker}), the parts that passed are read into the typed classes, and those are checked for
 * meaning ({@link PolicyValidator}).
 */
public final class PolicyFileReader {
  public static final String API_VERSION = PipelineRecoveryPolicy.GROUP + "/" + PipelineRecoveryPolicy.VERSION;
  public static final String KIND = "PipelineRecoveryPolicy";

  private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec", "status");
  /** The metadata a policy file may usefully carry; the rest (uid, resourceVersion...) is the server's. */
  private static final Set<String> METADATA = Set.of("name", "generateName", "namespace", "labels", "annotations");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PolicyFileReader() {}

  /** Reads a file; only a file that cannot be read at all throws. */
  public static List<PolicyDocument> read(Path file) throws IOException {
    return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Reads text; source names it in problems about the text as a whole (not YAML, no document). A document
   * that YAML cannot parse ends the reading, since nothing after it can be trusted.
   */
  public static List<PolicyDocument> read(String text, String source) {
    List<PolicyDocument> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(readDocument(documents.size() + 1, node, source));
        }
      }
    } catch (JsonProcessingException e) {
      documents.add(unreadable(documents.size() + 1, source, "not valid YAML or JSON: " + describe(e)));
    } catch (IOException | RuntimeException e) {
      documents.add(unreadable(documents.size() + 1, source, "not valid YAML or JSON: " + e.getMessage()));
    }
    if (documents.isEmpty()) {
      documents.add(unreadable(1, source, "no document found: the file is empty"));
    }
    return documents;
  }

  private static PolicyDocument readDocument(int number, JsonNode node, String source) {
    if (!node.isObject()) {
      return unreadable(
          number,
          source,
          "not a PipelineRecoveryPolicy: expected a mapping with apiVersion, kind, metadata and spec, found "
              + describeType(node));
    }
    ObjectNode tree = (ObjectNode) node.deepCopy();
    List<FieldProblem> problems = new ArrayList<>();
    Optional<String> name = checkDocument(tree, problems);
    Optional<PipelineRecoveryPolicy> policy;
    try {
      policy = policyOf(tree, problems);
    } catch (IllegalArgumentException e) {
      // Not expected once the checks above passed; reported rather than thrown, as a file is user input.
      problems.add(new FieldProblem("spec", "cannot be read: " + e.getMessage()));
      policy = Optional.empty();
    }
    return new PolicyDocument(number, name, policy, FileOrder.sort(problems, node));
  }

  /** Checks apiVersion, kind, metadata and the top-level fields; returns metadata.name. */
  private static Optional<String> checkDocument(ObjectNode tree, List<FieldProblem> problems) {
    expectText(tree, "apiVersion", API_VERSION, problems);
    expectText(tree, "kind", KIND, problems);
    Optional<String> name = checkMetadata(tree, problems);
    tree.fieldNames().forEachRemaining(field -> {
      if (!TOP_LEVEL.contains(field)) {
        problems.add(new FieldProblem(field, unknownTopLevelField(field)));
      }
    });
    tree.retain(TOP_LEVEL);
    // Status is the operator's to write; what a file says there is ignored, as the API server does on create.
    tree.remove("status");
    return name;
  }

  /** Checks spec's shape, reads what passed into the typed classes and checks its meaning. */
  private static Optional<PipelineRecoveryPolicy> policyOf(ObjectNode tree, List<FieldProblem> problems) {
    if (!tree.hasNonNull("spec")) {
      problems.add(new FieldProblem("spec", "required"));
      return Optional.empty();
    }
    problems.addAll(SchemaChecker.check(tree.get("spec"), PolicySchema.spec(), "spec"));
    PipelineRecoveryPolicy policy = SERIALIZATION.convertValue(tree, PipelineRecoveryPolicy.class);
    Set<String> reported = new HashSet<>();
    problems.forEach(p -> reported.add(p.field()));
    // A field the structure check already refused keeps that one message.
    PolicyValidator.validate(policy).stream().filter(p -> !reported.contains(p.field())).forEach(problems::add);
    return Optional.of(policy);
  }

  private static void expectText(ObjectNode tree, String field, String expected, List<FieldProblem> problems) {
    JsonNode value = tree.get(field);
    if (value == null || value.isNull()) {
      problems.add(new FieldProblem(field, "required (" + expected + ")"));
    } else if (!expected.equals(value.asText()) || !value.isTextual()) {
      problems.add(new FieldProblem(field, "must be " + expected + ", not \"" + value.asText() + "\""));
    }
  }

  private static Optional<String> checkMetadata(ObjectNode tree, List<FieldProblem> problems) {
    JsonNode metadata = tree.get("metadata");
    if (metadata == null || metadata.isNull()) {
      problems.add(new FieldProblem("metadata.name", "required"));
      return Optional.empty();
    }
    if (!metadata.isObject()) {
      problems.add(new FieldProblem("metadata", "must be an object (key: value pairs)"));
      tree.remove("metadata");
      return Optional.empty();
    }
    JsonNode name = metadata.get("name");
    if ((name == null || name.isNull()) && !metadata.hasNonNull("generateName")) {
      problems.add(new FieldProblem("metadata.name", "required"));
    } else if (name != null && !name.isNull()) {
      String text = name.asText();
      if (!name.isTextual() || text.length() > 253 || !PolicyValidator.DNS_SUBDOMAIN.matcher(text).matches()) {
        problems.add(
            new FieldProblem(
                "metadata.name",
                "\"" + text + "\" is not a valid name: lower-case letters, digits, '-' and '.', starting and ending"
                    + " with a letter or digit"));
      }
    }
    for (String map : List.of("labels", "annotations")) {
      JsonNode entries = metadata.get(map);
      if (entries != null && !entries.isNull() && (!entries.isObject() || !allText(entries))) {
        problems.add(new FieldProblem("metadata." + map, "must be an object of string values"));
        ((ObjectNode) metadata).remove(map);
      }
    }
    ((ObjectNode) metadata).retain(METADATA);
    JsonNode namespace = metadata.get("namespace");
    if (namespace != null && !namespace.isNull()
        && (!namespace.isTextual() || namespace.asText().length() > 63 || !DNS_LABEL.matcher(namespace.asText()).matches())) {
      problems.add(
          new FieldProblem("metadata.namespace", "\"" + namespace.asText() + "\" is not a valid namespace name"));
    }
    return name != null && name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
  }

  private static boolean allText(JsonNode object) {
    for (JsonNode value : object) {
      if (!value.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static String unknownTopLevelField(String field) {
    return TOP_LEVEL.stream()
        .filter(known -> Spelling.isCloseTo(field, known))
        .findFirst()
        .map(known -> "unknown field; did you mean \"" + known + "\"?")
        .orElse("unknown field; a policy has apiVersion, kind, metadata and spec");
  }

  private static PolicyDocument unreadable(int number, String source, String message) {
    return new PolicyDocument(number, Optional.empty(), Optional.empty(), List.of(new FieldProblem(source, message)));
  }

  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? message
        : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static String describeType(JsonNode node) {
    if (node.isTextual()) {
      return "plain text";
    }
    if (node.isArray()) {
      return "a list";
    }
    return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
