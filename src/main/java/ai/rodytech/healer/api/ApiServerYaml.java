package ai.rodytech.healer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Reads YAML into JSON trees the way the Kubernetes API server does (sigs.k8s.io/yaml over go-yaml v2), so
 * that a file means here what it will mean in the cluster: aliases are expanded to the anchored value (not
 * read as the anchor's name), {@code <<} merge keys are merged, plain scalars are typed by YAML 1.1 rules
 * ({@code yes}/{@code on} are true, {@code 010} is 8, {@code 0x1F} is 31), a key set twice in a mapping is an
 * error, and alias expansion is bounded by go-yaml's rule (more than 100 aliased nodes that make up too
 * large a share of all nodes: "document contains excessive aliasing").
 *
 * <p>Parsing is linear in the input: the scanner reads the whole text in one buffer, where the default
 * 1 KB window made every long value quadratic (a 12 MB value took 56 s).
 */
final class ApiServerYaml {
  /** The scalar tag our resolver gives every plain (unquoted, untagged) scalar: it is typed here. */
  private static final Tag PLAIN = new Tag("tag:healer.rodytech.ai,2025:plain");
  private static final Set<String> TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE");
  private static final Set<String> FALSE =
      Set.of("n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE");
  private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> NOT_JSON =
      Set.of(".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN");
  private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]++|[0-9]++(\\.[0-9]*+)?)([eE][-+]?[0-9]++)?");
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  /** go-yaml v2's alias ratio range (allowedAliasRatio). */
  private static final int ALIAS_RATIO_RANGE_LOW = 400_000;
  private static final int ALIAS_RATIO_RANGE_HIGH = 4_000_000;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ApiServerYaml() {}

  /**
   * The documents of the text, converted one by one as the iterator advances; a YAML syntax error throws
   * the parser's exception, a meaning problem (duplicate key, excessive aliasing) a {@link YamlProblem}.
   */
  static Iterator<JsonNode> documents(String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setBufferSize(text.length() + 1)
            .setSchema(new PlainScalarsSchema())
            .setAllowDuplicateKeys(true)
            .setMaxAliasesForCollections(Integer.MAX_VALUE)
            .setCodePointLimit(Integer.MAX_VALUE)
            .setUseMarks(true)
            .build();
    Iterator<Node> nodes = new Compose(settings).composeAllFromString(text).iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return nodes.hasNext();
      }

      @Override
      public JsonNode next() {
        // The composer moves to the next document in hasNext(); next() alone would read the wrong event.
        if (!nodes.hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return new Conversion().convert(nodes.next(), "");
      }
    };
  }

  /** A document that parses as YAML but that the API server would refuse; path names where, e.g. spec.mode. */
  static final class YamlProblem extends RuntimeException {
    private final String path;

    YamlProblem(String path, String message) {
      super(message);
      this.path = path;
    }

    String path() {
      return path;
    }
  }

  /** Every plain scalar gets the PLAIN tag, quoted ones !!str: the typing is ours (YAML 1.1, as go-yaml v2). */
  private static final class PlainScalarsSchema extends FailsafeSchema {
    @Override
    public org.snakeyaml.engine.v2.resolver.ScalarResolver getScalarResolver() {
      return (value, implicit) -> Boolean.TRUE.equals(implicit) ? PLAIN : Tag.STR;
    }
  }

  /** One document's conversion, with go-yaml's counters of decoded and aliased nodes. */
  private static final class Conversion {
    private final Set<Node> converted = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    private int decodeCount;
    private int aliasCount;
    private int aliasDepth;

    JsonNode convert(Node node, String path) {
      count(path);
      boolean alias = node.getAnchor().isPresent() && converted.contains(node);
      if (inProgress.contains(node)) {
        throw new YamlProblem(path, "anchor '" + node.getAnchor().get() + "' value contains itself");
      }
      if (alias) {
        aliasDepth++;
        count(path);
      }
      inProgress.add(node);
      try {
        return switch (node.getNodeType()) {
          case MAPPING -> mapping((MappingNode) node, path);
          case SEQUENCE -> sequence((SequenceNode) node, path);
          default -> scalar((ScalarNode) node, path);
        };
      } finally {
        inProgress.remove(node);
        if (node.getAnchor().isPresent()) {
          converted.add(node);
        }
        if (alias) {
          aliasDepth--;
        }
      }
    }

    /** go-yaml v2's guard against alias bombs (decode.go, allowedAliasRatio). */
    private void count(String path) {
      decodeCount++;
      if (aliasDepth > 0) {
        aliasCount++;
      }
      if (aliasCount > 100 && decodeCount > 1000 && (double) aliasCount / decodeCount > allowedAliasRatio(decodeCount)) {
        throw new YamlProblem(path.isEmpty() ? "document" : path, "document contains excessive aliasing");
      }
    }

    private static double allowedAliasRatio(int decodeCount) {
      if (decodeCount <= ALIAS_RATIO_RANGE_LOW) {
        return 0.99;
      }
      if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) {
        return 0.10;
      }
      double range = ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW;
      return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_RANGE_LOW) / range);
    }

    private ObjectNode mapping(MappingNode node, String path) {
      ObjectNode out = JSON.objectNode();
      Map<String, Integer> lines = new java.util.HashMap<>();
      for (NodeTuple entry : node.getValue()) {
        Node key = entry.getKeyNode();
        if (isMerge(key)) {
          merge(entry.getValueNode(), line(key), path, out, lines);
          continue;
        }
        String name = keyText(key, path);
        put(out, lines, path, name, line(key), convert(entry.getValueNode(), child(path, name)));
      }
      return out;
    }

    /** {@code <<: *base} or {@code <<: [*a, *b]}: the keys of the merged mappings, none of them set twice. */
    private void merge(Node value, int line, String path, ObjectNode out, Map<String, Integer> lines) {
      List<Node> sources = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
      for (Node source : sources) {
        JsonNode merged = convert(source, path);
        if (!merged.isObject()) {
          throw new YamlProblem(path.isEmpty() ? "document" : path, "map merge requires a mapping or a list of mappings");
        }
        merged.properties().forEach(field -> put(out, lines, path, field.getKey(), line, field.getValue()));
      }
    }

    private static void put(ObjectNode out, Map<String, Integer> lines, String path, String name, int line, JsonNode value) {
      Integer first = lines.putIfAbsent(name, line);
      if (first != null) {
        throw new YamlProblem(child(path, name),
            "set twice (lines " + first + " and " + line + "); the API server refuses a duplicate key");
      }
      out.set(name, value);
    }

    private ArrayNode sequence(SequenceNode node, String path) {
      ArrayNode out = JSON.arrayNode();
      List<Node> items = node.getValue();
      for (int i = 0; i < items.size(); i++) {
        out.add(convert(items.get(i), path + "[" + i + "]"));
      }
      return out;
    }

    /** A key as sigs.k8s.io/yaml writes it in JSON: strings as they are, other scalars formatted. */
    private String keyText(Node key, String path) {
      if (!(key instanceof ScalarNode scalar)) {
        throw new YamlProblem(path.isEmpty() ? "document" : path, "a mapping key must be a scalar");
      }
      JsonNode value = scalar(scalar, path);
      return value.isNull() ? "null" : value.asText();
    }

    private JsonNode scalar(ScalarNode node, String path) {
      String value = node.getValue();
      Tag tag = node.getTag();
      if (tag.equals(PLAIN)) {
        return plain(value, path);
      }
      if (tag.equals(Tag.NULL)) {
        return JSON.nullNode();
      }
      if (tag.equals(Tag.BOOL)) {
        if (TRUE.contains(value) || FALSE.contains(value)) {
          return JSON.booleanNode(TRUE.contains(value));
        }
        throw new YamlProblem(path, "cannot decode " + Quoted.value(value) + " as " + tag.getValue());
      }
      if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
        JsonNode typed = plain(value, path);
        if (!typed.isNumber()) {
          throw new YamlProblem(path, "cannot decode " + Quoted.value(value) + " as " + tag.getValue());
        }
        return typed;
      }
      // !!str, and tags go-yaml does not know: the text as written.
      return JSON.textNode(value);
    }

    /** A plain scalar typed as go-yaml v2 does (resolve.go): null, YAML 1.1 booleans, Go integers, floats. */
    private static JsonNode plain(String value, String path) {
      if (NULL.contains(value)) {
        return JSON.nullNode();
      }
      if (TRUE.contains(value) || FALSE.contains(value)) {
        return JSON.booleanNode(TRUE.contains(value));
      }
      if (NOT_JSON.contains(value)) {
        throw new YamlProblem(path, Quoted.value(value) + " cannot be written as JSON; the API server refuses it");
      }
      char first = value.charAt(0);
      if (first == '.') {
        return YAML_FLOAT.matcher(value).matches() ? number(Double.parseDouble(value)) : JSON.textNode(value);
      }
      if ((first >= '0' && first <= '9') || first == '-' || first == '+') {
        String digits = value.replace("_", "");
        BigInteger integer = goInteger(digits);
        if (integer != null) {
          return integer.bitLength() < 64 ? JSON.numberNode(integer.longValue()) : JSON.numberNode(integer);
        }
        if (YAML_FLOAT.matcher(digits).matches()) {
          return number(Double.parseDouble(digits));
        }
      }
      return JSON.textNode(value);
    }

    /**
     * A float as the API server ends up reading it: Go writes a whole float64 without a fraction (2.0 and
     * 1e3 become 2 and 1000 in JSON), which the server then reads as an integer.
     */
    private static JsonNode number(double value) {
      if (value == Math.rint(value) && Math.abs(value) < 1e21 && Math.abs(value) <= Long.MAX_VALUE) {
        return JSON.numberNode((long) value);
      }
      return JSON.numberNode(value);
    }

    /** strconv.ParseInt(s, 0, 64), or ParseUint for what is above int64: 0x hex, 0o and leading-0 octal, 0b binary. */
    private static BigInteger goInteger(String text) {
      boolean negative = text.startsWith("-");
      String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
      int radix = 10;
      String digits = unsigned;
      String lower = unsigned.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("0x")) {
        radix = 16;
        digits = unsigned.substring(2);
      } else if (lower.startsWith("0o")) {
        radix = 8;
        digits = unsigned.substring(2);
      } else if (lower.startsWith("0b")) {
        radix = 2;
        digits = unsigned.substring(2);
      } else if (unsigned.length() > 1 && unsigned.startsWith("0")) {
        radix = 8;
        digits = unsigned.substring(1);
      }
      int base = radix;
      if (digits.isEmpty() || digits.length() > 64 || !digits.chars().allMatch(c -> Character.digit(c, base) >= 0)) {
        return null;
      }
      BigInteger parsed = new BigInteger(digits, base);
      BigInteger signed = negative ? parsed.negate() : parsed;
      boolean fitsInt64 = signed.bitLength() < 64;
      boolean fitsUint64 = !negative && text.charAt(0) != '+' && parsed.compareTo(UINT64_MAX) <= 0;
      return fitsInt64 || fitsUint64 ? signed : null;
    }

    private static boolean isMerge(Node key) {
      return key instanceof ScalarNode scalar && "<<".equals(scalar.getValue())
          && (scalar.getTag().equals(PLAIN) || scalar.getTag().equals(Tag.MERGE));
    }

    private static int line(Node node) {
      return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    private static String child(String path, String name) {
      String shown = Quoted.key(name);
      return path.isEmpty() ? shown : path + "." + shown;
    }
  }
}
