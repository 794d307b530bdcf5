package ai.rodytech.healer.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/** Matches a catalog's signatures, step-end markers and failing-test patterns against log lines. */
public final class LogScanner {
  /** Failing test names kept at most: a run with hundreds of failures needs a person, not a longer list. */
  public static final int MAX_FAILING_TESTS = 25;

  private final SignatureCatalog catalog;

  public LogScanner(SignatureCatalog catalog) {
    this.catalog = catalog;
  }

  /** What one pass over the tail found. */
  public record Scan(List<Hit> hits, int firstStepEnd, List<String> failingTests) {
    public Scan {
      hits = List.copyOf(hits);
      failingTests = List.copyOf(failingTests);
    }

    public boolean hasStepEnd() {
      return firstStepEnd >= 0;
    }
  }

  public Scan scan(List<LogLine> lines) {
    List<Hit> hits = new ArrayList<>();
    Set<String> tests = new LinkedHashSet<>();
    int firstStepEnd = -1;
    for (int i = 0; i < lines.size(); i++) {
      LogLine line = lines.get(i);
      if (line.text().isBlank()) {
        continue;
      }
      matchSignatures(line, i, hits::add);
      if (firstStepEnd < 0 && isStepEnd(line)) {
        firstStepEnd = i;
      }
      if (tests.size() < MAX_FAILING_TESTS) {
        failingTest(line, tests);
      }
    }
    return new Scan(hits, firstStepEnd, new ArrayList<>(tests));
  }

  /** Hits in text that is not part of the log (a termination message, events); they count as the end. */
  public List<Hit> scanOutside(List<String> texts) {
    List<Hit> hits = new ArrayList<>();
    for (String text : texts) {
      for (String part : text.split("\n")) {
        matchSignatures(LogLine.of(0, part), -1, hits::add);
      }
    }
    return hits;
  }

  /**
   * Streams every line of a reader through all patterns, keeping nothing but a count: what the scan benchmark
   * times against grep. Returns the number of lines that matched at least one signature.
   */
  public long countMatchingLines(BufferedReader reader) throws IOException {
    long matching = 0;
    long number = 0;
    String raw;
    boolean[] matched = new boolean[1];
    while ((raw = reader.readLine()) != null) {
      number++;
      matched[0] = false;
      matchSignatures(LogLine.of(number, raw), 0, hit -> matched[0] = true);
      if (matched[0]) {
        matching++;
      }
    }
    return matching;
  }

  private void matchSignatures(LogLine line, int index, Consumer<Hit> sink) {
    for (Signature signature : catalog.signatures()) {
      if (signature.firstMatch(line) != null) {
        sink.accept(new Hit(signature, line, index));
      }
    }
  }

  private boolean isStepEnd(LogLine line) {
    for (NamedPattern stepEnd : catalog.stepEnds()) {
      if (stepEnd.pattern().matches(line)) {
        return true;
      }
    }
    return false;
  }

  private void failingTest(LogLine line, Set<String> tests) {
    for (NamedPattern pattern : catalog.failingTests()) {
      Matcher matcher = pattern.pattern().match(line);
      if (matcher != null) {
        String name = matcher.group("test");
        if (name != null && !name.isBlank()) {
          tests.add(name.trim());
        }
        return;
      }
    }
  }
}
