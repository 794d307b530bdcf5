package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 item 5: no line can make a pattern backtrack. Every pattern of the built-in catalog (signatures, their
 * vetoes, structure markers) meets lines built to hurt a backtracking engine: long runs of its own literals and of
 * separators. With java.util.regex the Maven transfer pattern took over four minutes on an 8 KiB line; on RE2J each
 * line takes milliseconds. The bounds are generous (a slow, shared machine) yet far below what backtracking costs.
 */
class LinearTimeMatchingTest {
  static final int LINE = 256 * 1024;
  static final long BOUND_NANOS = Duration.ofSeconds(2).toNanos();
  /** Lines of one separator repeated; the same for every pattern, so built once. */
  static final List<String> SEPARATOR_LINES = Stream.of(" ", ".", ":", "/", "a:1:", "\"", "' ", "x ")
      .map(s -> s.repeat(LINE / s.length()))
      .toList();

  static Stream<Arguments> patterns() {
    SignatureCatalog catalog = SignatureCatalog.builtIn();
    List<Arguments> all = new ArrayList<>();
    for (Signature s : catalog.signatures()) {
      s.patterns().forEach(p -> all.add(Arguments.of(s.name(), p)));
      s.unless().forEach(p -> all.add(Arguments.of(s.name() + " (unless)", p)));
    }
    catalog.markers().all().forEach(kind -> kind.forEach(n -> all.add(Arguments.of(n.name(), n.pattern()))));
    return all.stream();
  }

  /** The pattern's own literals, glued together and repeated, each followed by a separator: the worst food. */
  static List<String> adversarialLines(LinePattern pattern) {
    List<String> lines = new ArrayList<>();
    StringBuilder own = new StringBuilder();
    pattern.required().forEach(choice -> own.append(choice.get(0)).append(' '));
    String unit = own.length() == 0 ? "a: " : own.toString();
    for (String separator : List.of(" ", ": ", "/")) {
      lines.add((unit + separator).repeat(LINE / (unit.length() + separator.length()) + 1));
    }
    lines.addAll(SEPARATOR_LINES);
    return lines;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("patterns")
  void everyPatternIsLinearOnCraftedLines(String signature, LinePattern pattern) {
    for (String text : adversarialLines(pattern)) {
      LogLine line = new LogLine(1, text);
      long start = System.nanoTime();
      pattern.matchRegex(line);
      long took = System.nanoTime() - start;
      assertThat(took).as("%s on a %d-char line of '%s…'", pattern.regex(), text.length(), text.substring(0, 20))
          .isLessThan(BOUND_NANOS);
    }
  }

  @Test
  void theEngineItselfIsLinearOnAWholeLongLine() {
    // Past the windows a line is matched on: the engine alone, on 256 KiB of the worst pattern's own words.
    String line = "Could not transfer artifact a from/to b: ".repeat(LINE / 40);
    com.google.re2j.Pattern worst = com.google.re2j.Pattern.compile("Could not transfer (?:artifact|metadata) .* "
        + "from/to .*: (?:.*(?:Connection reset|timed out)|Transfer failed .* 5\\d\\d)");
    long start = System.nanoTime();
    worst.matcher(line).find();
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void aCraftedLogIsDiagnosedWellWithinTheBudget() {
    StringBuilder log = new StringBuilder("[INFO] Building app\n");
    log.append("Could not transfer artifact a from/to b: ".repeat(LINE / 40)).append('\n');
    log.append("The command \"".repeat(LINE / 13)).append('\n');
    log.append("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n");
    RulesBrain brain = new RulesBrain(SignatureCatalog.builtIn(), Redactor.none());

    long start = System.nanoTime();
    Diagnosis diagnosis = brain.diagnose(FailureSnapshot.ofLog(LogTail.of(log.toString()), 134, null),
        BrainContext.permissive());

    assertThat(System.nanoTime() - start).isLessThan(RulesBrain.DEFAULT_BUDGET.toNanos());
    assertThat(diagnosis.category()).isEqualTo(Category.OOM);
    assertThat(diagnosis.notes()).noneMatch(n -> n.contains("time budget"));
  }

  @Test
  void pastTheBudgetWhatTheEndShowedDecides() {
    List<String> lines = new ArrayList<>();
    lines.add("npm ERR! code ECONNRESET");
    for (int i = 0; i < 1000; i++) {
      lines.add("compiling module " + i);
    }
    lines.add("java.lang.OutOfMemoryError: Java heap space");
    // A clock that moves one second per reading: the budget of 100 readings covers the last lines only.
    AtomicLong now = new AtomicLong();
    RulesBrain brain = new RulesBrain(SignatureCatalog.builtIn(), Redactor.none(), Duration.ofSeconds(100),
        () -> now.addAndGet(Duration.ofSeconds(1).toNanos()));

    Diagnosis diagnosis = brain.diagnose(
        FailureSnapshot.ofLog(LogTail.of(String.join("\n", lines)), null, null), BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.OOM);
    assertThat(diagnosis.notes()).anyMatch(n -> n.startsWith("time budget of 100000 ms ran out: only the last"));
  }

  @Test
  void aZeroBudgetReadsNothingAndAsksAPerson() {
    RulesBrain brain = new RulesBrain(SignatureCatalog.builtIn(), Redactor.none(), Duration.ZERO);

    Diagnosis diagnosis = brain.diagnose(FailureSnapshot.ofLog(LogTail.of("java.lang.OutOfMemoryError\n"), 1, null),
        BrainContext.permissive());

    assertThat(diagnosis.category()).isEqualTo(Category.UNKNOWN);
    assertThat(diagnosis.notes()).anyMatch(n -> n.contains("time budget of 0 ms ran out"));
  }
}
