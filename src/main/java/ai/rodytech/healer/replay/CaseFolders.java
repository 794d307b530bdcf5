package ai.rodytech.healer.replay;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.history.JUnitReports;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import ai.rodytech.healer.eval.EvalCases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads a history from a folder of cases in the corpus format: one folder per run with {@code case.json} and, for a
 * failure, {@code build.log}. The fields replay reads beyond the corpus's own are optional (docs/history.md):
 * {@code pipeline}, {@code order}, {@code outcome}, {@code revision}, {@code images}, {@code failing_tests},
 * {@code junit_reports}, {@code retry_outcomes}, {@code retry_strategy}, {@code duration_minutes}, {@code image},
 * {@code memory_limit}, {@code finished_at}.
 */
public final class CaseFolders {
  /** Where the replay's clock starts when cases carry no finished_at. */
  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  static final Duration DEFAULT_DURATION = Duration.ofMinutes(10);
  static final String DEFAULT_IMAGE = "ci/build:latest";
  static final String DEFAULT_MEMORY = "2Gi";
  static final String DEFAULT_PIPELINE = "replay";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Brain brain;
  private final Function<String, BrainContext> contexts;
  private final LogTailReader reader = new LogTailReader();
  private final Duration interval;

  /**
   * @param brain the brain that diagnoses each failure's log
   * @param contexts the brain's context for a pipeline (the candidate policy's allowed actions)
   * @param interval time between two cases without finished_at
   */
  public CaseFolders(Brain brain, Function<String, BrainContext> contexts, Duration interval) {
    this.brain = brain;
    this.contexts = contexts;
    this.interval = interval;
  }

  /**
   * The cases of {@code dir}, ordered by {@code orderBy} (a case.json field; numbers as numbers, ties and cases
   * without it by folder name) or, when null, by the field {@code order} when every case has it, else by name.
   * Throws IllegalArgumentException naming the case for an unreadable case.json or a bad field.
   */
  public List<ReplayCase> load(Path dir, String orderBy) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a directory of cases");
    }
    Map<Path, JsonNode> folders = new LinkedHashMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path folder : entries.filter(p -> Files.isRegularFile(p.resolve(EvalCases.CASE))).sorted().toList()) {
        folders.put(folder, readJson(folder));
      }
    }
    String field = orderBy != null ? orderBy
        : !folders.isEmpty() && folders.values().stream().allMatch(j -> j.has("order")) ? "order" : null;
    List<Map.Entry<Path, JsonNode>> ordered = new ArrayList<>(folders.entrySet());
    if (field != null) {
      ordered.sort(Comparator.comparing((Map.Entry<Path, JsonNode> e) -> sortKey(e.getValue().get(field))));
    }
    List<ReplayCase> cases = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      cases.add(read(ordered.get(i).getKey(), ordered.get(i).getValue(), START.plus(interval.multipliedBy(i + 1L))));
    }
    return cases;
  }

  private ReplayCase read(Path folder, JsonNode json, Instant defaultFinish) throws IOException {
    String name = folder.getFileName().toString();
    boolean succeeded = switch (json.path("outcome").asText("failed")) {
      case "passed", "succeeded", "success" -> true;
      case "failed", "failure" -> false;
      default -> throw bad(name, "outcome must be passed or failed");
    };
    Path log = folder.resolve(EvalCases.LOG);
    if (!succeeded && !Files.isRegularFile(log)) {
      throw bad(name, "a failed case needs " + EvalCases.LOG);
    }
    Category label = null;
    if (json.hasNonNull("label")) {
      label = Category.fromWireName(json.get("label").asText())
          .orElseThrow(() -> bad(name, "has an unknown label: " + json.get("label").asText()));
    }
    String pipeline = text(json, "pipeline", text(json, "project", DEFAULT_PIPELINE));
    List<String> tests = new ArrayList<>(strings(json.path("failing_tests")));
    for (String report : strings(json.path("junit_reports"))) {
      tests.addAll(junit(folder, name, report));
    }
    Action retryStrategy = null;
    if (json.hasNonNull("retry_strategy")) {
      retryStrategy = Action.fromWireName(json.get("retry_strategy").asText())
          .orElseThrow(() -> bad(name, "has an unknown retry_strategy"));
    }
    Map<String, String> images = new LinkedHashMap<>();
    json.path("images").properties().forEach(e -> images.put(e.getKey(), e.getValue().asText()));
    JsonNode exit = json.get("exit_code");
    BrainContext context = contexts.apply(pipeline);
    return new ReplayCase(
        name, pipeline, finishedAt(json, name, defaultFinish), succeeded, text(json, "revision", null), images,
        tests, label, outcomes(json.path("retry_outcomes"), name), retryStrategy,
        Duration.ofMinutes(json.path("duration_minutes").asLong(DEFAULT_DURATION.toMinutes())),
        text(json, "image", DEFAULT_IMAGE), text(json, "memory_limit", DEFAULT_MEMORY),
        exit == null || exit.isNull() ? null : exit.asInt(),
        snapshot -> brain.diagnose(withLog(snapshot, read(log)), context));
  }

  private LogTail read(Path log) {
    try {
      return reader.read(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  private static FailureSnapshot withLog(FailureSnapshot s, LogTail log) {
    return new FailureSnapshot(s.run(), s.failedContainer(), s.exitCode(), s.reason(), s.message(), s.containers(),
        s.events(), log, s.missing(), s.failedAt());
  }

  /** A report inside the case's folder; one outside it is refused, not read. */
  private static List<String> junit(Path folder, String name, String report) throws IOException {
    Path file = folder.resolve(report).normalize();
    if (!file.startsWith(folder.normalize()) || !Files.isRegularFile(file)) {
      throw bad(name, "junit report " + report + " is not a file in the case's folder");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return JUnitReports.failingTests(in);
    } catch (IOException e) {
      throw bad(name, "junit report " + report + ": " + e.getMessage());
    }
  }

  private static List<Boolean> outcomes(JsonNode list, String name) {
    List<Boolean> outcomes = new ArrayList<>();
    for (JsonNode item : list) {
      switch (item.asText()) {
        case "passed", "true" -> outcomes.add(true);
        case "failed", "false" -> outcomes.add(false);
        default -> throw bad(name, "retry_outcomes holds passed or failed, not " + item);
      }
    }
    return outcomes;
  }

  private static Instant finishedAt(JsonNode json, String name, Instant fallback) {
    if (!json.hasNonNull("finished_at")) {
      return fallback;
    }
    try {
      return Instant.parse(json.get("finished_at").asText());
    } catch (DateTimeParseException e) {
      throw bad(name, "finished_at is not an RFC 3339 time: " + json.get("finished_at").asText());
    }
  }

  /** Numbers sort as numbers, before text; a case without the field sorts last (then by folder name). */
  private static String sortKey(JsonNode value) {
    if (value == null || value.isNull()) {
      return "~";
    }
    if (value.isNumber()) {
      return String.format("0%030.6f", value.asDouble());
    }
    return "1" + value.asText();
  }

  private static JsonNode readJson(Path folder) {
    try {
      return JSON.readTree(folder.resolve(EvalCases.CASE).toFile());
    } catch (IOException e) {
      throw bad(folder.getFileName().toString(), "is not valid JSON: " + e.getMessage());
    }
  }

  private static List<String> strings(JsonNode list) {
    List<String> values = new ArrayList<>();
    list.forEach(item -> values.add(item.asText()));
    return values;
  }

  private static String text(JsonNode json, String field, String fallback) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? fallback : value.asText();
  }

  private static IllegalArgumentException bad(String name, String problem) {
    return new IllegalArgumentException(name + "/" + EvalCases.CASE + ": " + problem);
  }
}
