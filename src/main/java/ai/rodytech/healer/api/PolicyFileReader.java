package ai.rodytech.healer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

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

  /** Most bytes read from a file or standard input: policies are a few KB; a larger input is refused. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PolicyFileReader() {}

  /** Reads a file; only a file that cannot be read at all, or is larger than {@link #MAX_BYTES}, throws. */
  public static List<PolicyDocument> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads at most {@link #MAX_BYTES} of a stream (a file, standard input, /dev/zero...); a longer one throws
   * {@link TooLargeException} without being read further.
   */
  public static List<PolicyDocument> read(InputStream in, String source) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new TooLargeException(
          "it is larger than " + (MAX_BYTES / (1024 * 1024)) + " MiB; a policy file is a few KB (stopped reading there)");
    }
    return read(new String(bytes, StandardCharsets.UTF_8), source);
  }

  /**
   * Reads text as the API server would (see {@link ApiServerYaml}); source names it in problems about the
   * text as a whole (not YAML, no document). A document that cannot be parsed ends the reading, since
   * nothing after it can be trusted.
   */
  public static List<PolicyDocument> read(String text, String source) {
    List<PolicyDocument> documents = new ArrayList<>();
    try {
      for (Iterator<JsonNode> it = ApiServerYaml.documents(text); it.hasNext(); ) {
        JsonNode node = it.next();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(readDocument(documents.size() + 1, node, source));
        }
      }
    } catch (ApiServerYaml.YamlProblem e) {
      documents.add(new PolicyDocument(documents.size() + 1, Optional.empty(), Optional.empty(),
          List.of(new FieldProblem(e.path(), e.getMessage()))));
    } catch (MarkedYamlEngineException e) {
      documents.add(unreadable(documents.size() + 1, source, "not valid YAML or JSON: " + describe(e)));
    } catch (YamlEngineException e) {
      documents.add(unreadable(documents.size() + 1, source, "not valid YAML or JSON: " + firstLine(e.getMessage())));
    }
    if (documents.isEmpty()) {
      documents.add(unreadable(1, source, "no document found: the file is empty"));
    }
    return documents;
  }

  /** The input is over {@link #MAX_BYTES}. */
  public static final class TooLargeException extends IOException {
    TooLargeException(String message) {
      super(message);
    }
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
        problems.add(new FieldProblem(Quoted.key(field), unknownTopLevelField(field)));
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
      problems.add(new FieldProblem(field, "must be " + expected + ", not " + Quoted.value(value.asText())));
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
                Quoted.value(text) + " is not a valid name: lower-case letters, digits, '-' and '.', starting and ending"
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
          new FieldProblem("metadata.namespace", Quoted.value(namespace.asText()) + " is not a valid namespace name"));
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

  private static String describe(MarkedYamlEngineException e) {
    String where = e.getProblemMark()
        .map(mark -> " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")")
        .orElse("");
    return firstLine(e.getProblem()) + where;
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
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
