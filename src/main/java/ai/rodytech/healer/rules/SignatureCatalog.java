package ai.rodytech.healer.rules;

import ai.rodytech.healer.core.diagnosis.Category;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.google.re2j.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The validated set of signatures the rules brain matches: the built-in {@code signatures.yaml} plus any user
 * files (e.g. a ConfigMap mounted as a directory). Loaded once at start-up; any bad entry fails the load with
 * the file and the signature's name.
 */
public final class SignatureCatalog {
  public static final String BUILT_IN_RESOURCE = "signatures.yaml";
  public static final double DEFAULT_WEIGHT = 0.7;
  public static final int DEFAULT_REACH = 150;

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final List<Signature> signatures;
  private final Markers markers;

  /**
   * The named patterns that read a log's structure rather than a cause, one list per kind.
   *
   * @param stepEnds lines where a CI reports that a step failed: the first is the failure point
   * @param failingTests lines naming a failing test in the group {@code test}
   * @param stepStarts lines where a CI step or a command begins
   * @param retryMarkers lines saying that what came before is tried again
   * @param warningLines lines printed at warning level
   */
  public record Markers(List<NamedPattern> stepEnds, List<NamedPattern> failingTests, List<NamedPattern> stepStarts,
      List<NamedPattern> retryMarkers, List<NamedPattern> warningLines) {

    public Markers {
      stepEnds = List.copyOf(stepEnds);
      failingTests = List.copyOf(failingTests);
      stepStarts = List.copyOf(stepStarts);
      retryMarkers = List.copyOf(retryMarkers);
      warningLines = List.copyOf(warningLines);
    }

    /** All lists in a fixed order: step ends, failing tests, step starts, retry markers, warning lines. */
    public List<List<NamedPattern>> all() {
      return List.of(stepEnds, failingTests, stepStarts, retryMarkers, warningLines);
    }
  }

  private SignatureCatalog(List<Signature> signatures, Markers markers) {
    this.signatures = List.copyOf(signatures);
    this.markers = markers;
  }

  /** The built-in signatures only. */
  public static SignatureCatalog builtIn() {
    return load(List.of());
  }

  /**
   * The built-in signatures followed by those of each extra path: a YAML file, or a directory whose *.yaml and
   * *.yml files are read in name order (hidden entries, such as a ConfigMap's ..data link, are skipped).
   */
  public static SignatureCatalog load(List<Path> extra) {
    Builder builder = new Builder();
    builder.add(BuiltIn.PARSED);
    for (Path path : extra) {
      for (Path file : yamlFiles(path)) {
        builder.add(parse(read(file), file.toString()));
      }
    }
    return builder.build();
  }

  public List<Signature> signatures() {
    return signatures;
  }

  public Markers markers() {
    return markers;
  }

  public List<NamedPattern> stepEnds() {
    return markers.stepEnds();
  }

  public List<NamedPattern> failingTests() {
    return markers.failingTests();
  }

  private static String readBuiltIn() {
    try (InputStream in = SignatureCatalog.class.getClassLoader().getResourceAsStream(BUILT_IN_RESOURCE)) {
      if (in == null) {
        throw new InvalidSignatureException("built-in " + BUILT_IN_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidSignatureException("cannot read built-in " + BUILT_IN_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> yamlFiles(Path path) {
    if (Files.isDirectory(path)) {
      try (Stream<Path> entries = Files.list(path)) {
        return entries
            .filter(p -> !p.getFileName().toString().startsWith("."))
            .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
            .filter(Files::isRegularFile)
            .sorted()
            .toList();
      } catch (IOException e) {
        throw new InvalidSignatureException("cannot list signature directory " + path + ": " + e.getMessage(), e);
      }
    }
    if (!Files.isRegularFile(path)) {
      throw new InvalidSignatureException("signature file " + path + " does not exist");
    }
    return List.of(path);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidSignatureException("cannot read signature file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Parsed parse(String yaml, String source) {
    SignatureFile file;
    try {
      file = yaml.isBlank() ? SignatureFile.empty() : YAML.readValue(yaml, SignatureFile.class);
    } catch (JsonProcessingException e) {
      throw new InvalidSignatureException(source + ": not a valid signature file: " + e.getOriginalMessage(), e);
    }
    if (file == null) {
      file = SignatureFile.empty();
    }
    List<Signature> signatures = new ArrayList<>();
    for (SignatureFile.Entry entry : file.signatures()) {
      signatures.add(toSignature(entry, source));
    }
    return new Parsed(signatures, new Markers(
        named(file.stepEnds(), source, "stepEnds"),
        named(file.failingTests(), source, "failingTests"),
        named(file.stepStarts(), source, "stepStarts"),
        named(file.retryMarkers(), source, "retryMarkers"),
        named(file.warningLines(), source, "warningLines")));
  }

  private static List<NamedPattern> named(List<SignatureFile.PatternEntry> entries, String source, String section) {
    List<NamedPattern> patterns = new ArrayList<>();
    for (SignatureFile.PatternEntry entry : entries) {
      patterns.add(toNamedPattern(entry, source, section, "failingTests".equals(section)));
    }
    return patterns;
  }

  private static Signature toSignature(SignatureFile.Entry entry, String source) {
    if (entry == null) {
      throw new InvalidSignatureException(source + ": an empty entry in signatures");
    }
    String name = requireName(entry.name(), source, "signatures");
    String where = source + ": signature '" + name + "'";
    Category category = Category.fromWireName(entry.category())
        .orElseThrow(() -> new InvalidSignatureException(where + " has category '" + entry.category()
            + "', which is not one of " + Arrays.stream(Category.values()).map(Category::wireName)
                .collect(Collectors.joining(", "))));
    if (entry.patterns() == null || entry.patterns().isEmpty()) {
      throw new InvalidSignatureException(where + " has no patterns");
    }
    if (entry.explanation() == null || entry.explanation().isBlank()) {
      throw new InvalidSignatureException(where + " has no explanation");
    }
    double weight = entry.weight() == null ? DEFAULT_WEIGHT : entry.weight();
    if (!(weight > 0 && weight <= 1)) {
      throw new InvalidSignatureException(where + " has weight " + weight + "; it must be above 0 and at most 1");
    }
    int reach = entry.reach() == null ? DEFAULT_REACH : entry.reach();
    if (reach < 1) {
      throw new InvalidSignatureException(where + " has reach " + reach + "; it must be at least 1 line");
    }
    boolean ignoreCase = Boolean.TRUE.equals(entry.ignoreCase());
    List<LinePattern> patterns = new ArrayList<>();
    for (String regex : entry.patterns()) {
      patterns.add(compile(regex, ignoreCase, where));
    }
    List<String> explains = entry.explains() == null ? List.of() : entry.explains().stream().map(String::trim).toList();
    if (!explains.isEmpty() && Boolean.TRUE.equals(entry.symptom())) {
      throw new InvalidSignatureException(where + " is both a symptom and a context (explains); it can be one");
    }
    boolean bare = Boolean.TRUE.equals(entry.bare());
    if (bare && !Boolean.TRUE.equals(entry.symptom())) {
      throw new InvalidSignatureException(where + " is bare but not a symptom; only a symptom can be bare");
    }
    List<LinePattern> unless = new ArrayList<>();
    for (String regex : entry.unless() == null ? List.<String>of() : entry.unless()) {
      unless.add(compile(regex, ignoreCase, where));
    }
    return new Signature(name, category, patterns, entry.explanation().trim(), weight, reach,
        Boolean.TRUE.equals(entry.symptom()), explains, unless, bare, source);
  }

  private static NamedPattern toNamedPattern(
      SignatureFile.PatternEntry entry, String source, String section, boolean needsTestGroup) {
    if (entry == null) {
      throw new InvalidSignatureException(source + ": an empty entry in " + section);
    }
    String name = requireName(entry.name(), source, section);
    String where = source + ": " + section + " pattern '" + name + "'";
    LinePattern pattern = compile(entry.pattern(), false, where);
    if (needsTestGroup && !entry.pattern().contains("(?<test>")) {
      throw new InvalidSignatureException(where + " has no named group (?<test>...) for the test's name");
    }
    return new NamedPattern(name, pattern, source);
  }

  private static String requireName(String name, String source, String section) {
    if (name == null || name.isBlank()) {
      throw new InvalidSignatureException(source + ": an entry in " + section + " has no name");
    }
    return name.trim();
  }

  private static LinePattern compile(String regex, boolean ignoreCase, String where) {
    if (regex == null || regex.isEmpty()) {
      throw new InvalidSignatureException(where + " has an empty pattern");
    }
    try {
      return LinePattern.compile(regex, ignoreCase);
    } catch (PatternSyntaxException e) {
      throw new InvalidSignatureException(
          where + " has an invalid pattern " + regex + ": " + e.getDescription(), e);
    }
  }

  /** The built-in file, parsed and compiled once per process: it cannot change while the process runs. */
  private static final class BuiltIn {
    static final Parsed PARSED = parse(readBuiltIn(), BUILT_IN_RESOURCE);
  }

  private record Parsed(List<Signature> signatures, Markers markers) {}

  /** Collects parsed files and rejects a name used twice, naming both files. */
  private static final class Builder {
    private final List<Signature> signatures = new ArrayList<>();
    private final List<List<NamedPattern>> markers = List.of(
        new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    private final Map<String, String> seen = new HashMap<>();

    void add(Parsed parsed) {
      parsed.signatures().forEach(s -> claim(s.name(), s.source()));
      signatures.addAll(parsed.signatures());
      List<List<NamedPattern>> kinds = parsed.markers().all();
      for (int k = 0; k < kinds.size(); k++) {
        kinds.get(k).forEach(p -> claim(p.name(), p.source()));
        markers.get(k).addAll(kinds.get(k));
      }
    }

    private void claim(String name, String source) {
      String earlier = seen.putIfAbsent(name, source);
      if (earlier != null) {
        throw new InvalidSignatureException(
            source + ": the name '" + name + "' is already used (in " + earlier + "); names must be unique");
      }
    }

    SignatureCatalog build() {
      for (Signature signature : signatures) {
        for (String explained : signature.explains()) {
          boolean known = Category.fromWireName(explained).isPresent()
              || signatures.stream().anyMatch(s -> s.name().equals(explained));
          if (!known) {
            throw new InvalidSignatureException(signature.source() + ": signature '" + signature.name()
                + "' explains '" + explained + "', which is neither a category nor a signature name");
          }
        }
      }
      return new SignatureCatalog(signatures,
          new Markers(markers.get(0), markers.get(1), markers.get(2), markers.get(3), markers.get(4)));
    }
  }
}
