package ai.rodytech.healer.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * Matches a catalog's signatures, step-end markers and failing-test patterns against log lines. All patterns'
 * literals sit in one {@link LiteralIndex}, so each line is read once to find the few patterns worth running.
 */
public final class LogScanner {
  /** Failing test names kept at most: a run with hundreds of failures needs a person, not a longer list. */
  public static final int MAX_FAILING_TESTS = 25;

  private final SignatureCatalog catalog;
  private final LiteralIndex index;
  /** For each signature, the ids of its patterns in the index. */
  private final int[][] signaturePatterns;
  private final int stepEndBase;
  private final int failingTestBase;

  public LogScanner(SignatureCatalog catalog) {
    this.catalog = catalog;
    List<LinePattern> all = new ArrayList<>();
    signaturePatterns = new int[catalog.signatures().size()][];
    for (int s = 0; s < catalog.signatures().size(); s++) {
      List<LinePattern> patterns = catalog.signatures().get(s).patterns();
      signaturePatterns[s] = new int[patterns.size()];
      for (int p = 0; p < patterns.size(); p++) {
        signaturePatterns[s][p] = all.size();
        all.add(patterns.get(p));
      }
    }
    stepEndBase = all.size();
    catalog.stepEnds().forEach(n -> all.add(n.pattern()));
    failingTestBase = all.size();
    catalog.failingTests().forEach(n -> all.add(n.pattern()));
    index = new LiteralIndex(all);
  }

  /** What one pass over the tail found. */
  public record Scan(List<Hit> hits, int firstStepEnd, List<String> failingTests) {
    public Scan {
      hits = List.copyOf(hits);
      failingTests = List.copyOf(failingTests);
    }
  }

  public Scan scan(List<LogLine> lines) {
    List<Hit> hits = new ArrayList<>();
    Set<String> tests = new LinkedHashSet<>();
    int firstStepEnd = -1;
    LiteralIndex.Candidates candidates = index.newCandidates();
    for (int i = 0; i < lines.size(); i++) {
      LogLine line = lines.get(i);
      if (line.text().isBlank()) {
        continue;
      }
      index.scan(line.text(), candidates);
      matchSignatures(line, i, candidates, hits::add);
      if (firstStepEnd < 0 && isStepEnd(line, candidates)) {
        firstStepEnd = i;
      }
      if (tests.size() < MAX_FAILING_TESTS) {
        failingTest(line, candidates, tests);
      }
    }
    return new Scan(hits, firstStepEnd, new ArrayList<>(tests));
  }

  /** Hits in text that is not part of the log (a termination message, events); they count as the end. */
  public List<Hit> scanOutside(List<String> texts) {
    List<Hit> hits = new ArrayList<>();
    LiteralIndex.Candidates candidates = index.newCandidates();
    for (String text : texts) {
      for (String part : text.split("\n")) {
        LogLine line = LogLine.of(0, part);
        index.scan(line.text(), candidates);
        matchSignatures(line, -1, candidates, hits::add);
      }
    }
    return hits;
  }

  /**
   * Streams every line of a reader through all signatures, keeping nothing but a count: what the scan benchmark
   * times against grep. Returns the number of lines that matched at least one signature.
   */
  public long countMatchingLines(BufferedReader reader) throws IOException {
    long matching = 0;
    long number = 0;
    String raw;
    LiteralIndex.Candidates candidates = index.newCandidates();
    boolean[] matched = new boolean[1];
    while ((raw = reader.readLine()) != null) {
      number++;
      LogLine line = LogLine.of(number, raw);
      index.scan(line.text(), candidates);
      matched[0] = false;
      matchSignatures(line, 0, candidates, hit -> matched[0] = true);
      if (matched[0]) {
        matching++;
      }
    }
    return matching;
  }

  private void matchSignatures(LogLine line, int index, LiteralIndex.Candidates candidates, Consumer<Hit> sink) {
    List<Signature> signatures = catalog.signatures();
    for (int s = 0; s < signatures.size(); s++) {
      Signature signature = signatures.get(s);
      for (int p = 0; p < signaturePatterns[s].length; p++) {
        if (candidates.has(signaturePatterns[s][p]) && signature.patterns().get(p).matchRegex(line) != null) {
          sink.accept(new Hit(signature, line, index));
          break;
        }
      }
    }
  }

  private boolean isStepEnd(LogLine line, LiteralIndex.Candidates candidates) {
    List<NamedPattern> stepEnds = catalog.stepEnds();
    for (int k = 0; k < stepEnds.size(); k++) {
      if (candidates.has(stepEndBase + k) && stepEnds.get(k).pattern().matchRegex(line) != null) {
        return true;
      }
    }
    return false;
  }

  private void failingTest(LogLine line, LiteralIndex.Candidates candidates, Set<String> tests) {
    List<NamedPattern> patterns = catalog.failingTests();
    for (int k = 0; k < patterns.size(); k++) {
      if (!candidates.has(failingTestBase + k)) {
        continue;
      }
      Matcher matcher = patterns.get(k).pattern().matchRegex(line);
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
