package ai.rodytech.healer.rules;

import com.google.re2j.Matcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Matches a catalog's signatures and structure markers (step starts and ends, retries, warnings, failing tests)
 * against log lines. All patterns' literals sit in one {@link LiteralIndex}, so each line is read once to find the
 * few patterns worth running.
 *
 * <p>A scan reads the log from its end backwards and stops at a deadline: what it found by then, the end of the
 * log where the error that ended the run sits, is what the brain decides with.
 */
public final class LogScanner {
  /** Failing test names kept at most: a run with hundreds of failures needs a person, not a longer list. */
  public static final int MAX_FAILING_TESTS = 25;

  private final SignatureCatalog catalog;
  private final LiteralIndex index;
  /** For each signature, the ids of its patterns in the index. */
  private final int[][] signaturePatterns;
  /** For each marker kind (in {@link SignatureCatalog.Markers#all()} order), the id of its first pattern. */
  private final int[] markerBase;

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
    List<List<NamedPattern>> kinds = catalog.markers().all();
    markerBase = new int[kinds.size()];
    for (int k = 0; k < kinds.size(); k++) {
      markerBase[k] = all.size();
      kinds.get(k).forEach(n -> all.add(n.pattern()));
    }
    index = new LiteralIndex(all);
  }

  /** The kinds of structure marker a line can carry; their order is that of {@link SignatureCatalog.Markers#all()}. */
  public enum Marker { STEP_END, FAILING_TEST, STEP_START, RETRY, WARNING }

  /**
   * What one pass over the tail found.
   *
   * @param hits signature matches, in log order
   * @param markers for each line of the tail, the markers it carries (a bit per {@link Marker})
   * @param failingTests names of failing tests, in log order
   * @param scannedFrom the first line the scan reached: 0 unless the time budget ran out
   */
  public record Scan(List<Hit> hits, byte[] markers, List<String> failingTests, int scannedFrom) {
    public Scan {
      hits = List.copyOf(hits);
      failingTests = List.copyOf(failingTests);
    }

    public boolean has(int line, Marker marker) {
      return (markers[line] & 1 << marker.ordinal()) != 0;
    }

    /** Whether the time budget ran out before the scan reached the log's first line. */
    public boolean cutShort() {
      return scannedFrom > 0;
    }

    /** The first line where a CI reported that a step failed, or -1. */
    public int firstStepEnd() {
      for (int i = scannedFrom; i < markers.length; i++) {
        if (has(i, Marker.STEP_END)) {
          return i;
        }
      }
      return -1;
    }
  }

  /** A scan of every line, however long it takes. */
  public Scan scan(List<LogLine> lines) {
    return scan(lines, System::nanoTime, Long.MAX_VALUE);
  }

  /** A scan from the last line backwards that stops once {@code clock} passes {@code deadline} (nanoseconds). */
  public Scan scan(List<LogLine> lines, LongSupplier clock, long deadline) {
    List<Hit> hits = new ArrayList<>();
    List<String> testsBackwards = new ArrayList<>();
    byte[] markers = new byte[lines.size()];
    int scannedFrom = lines.size();
    LiteralIndex.Candidates candidates = index.newCandidates();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (clock.getAsLong() - deadline > 0) {
        break;
      }
      scannedFrom = i;
      LogLine line = lines.get(i);
      if (line.text().isBlank()) {
        continue;
      }
      index.scan(line.text(), candidates);
      List<Hit> onLine = new ArrayList<>(2);
      matchSignatures(line, i, candidates, onLine::add);
      for (int h = onLine.size() - 1; h >= 0; h--) {
        hits.add(onLine.get(h));
      }
      markers[i] = markers(line, candidates, testsBackwards);
    }
    Collections.reverse(hits);
    Set<String> tests = new LinkedHashSet<>();
    for (int t = testsBackwards.size() - 1; t >= 0 && tests.size() < MAX_FAILING_TESTS; t--) {
      tests.add(testsBackwards.get(t));
    }
    return new Scan(hits, markers, new ArrayList<>(tests), scannedFrom);
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
          if (!signature.vetoes(line)) {
            sink.accept(new Hit(signature, line, index));
          }
          break;
        }
      }
    }
  }

  /** The markers a line carries, as bits; a failing test's name goes to {@code tests}. */
  private byte markers(LogLine line, LiteralIndex.Candidates candidates, List<String> tests) {
    List<List<NamedPattern>> kinds = catalog.markers().all();
    int bits = 0;
    for (Marker marker : Marker.values()) {
      List<NamedPattern> patterns = kinds.get(marker.ordinal());
      for (int k = 0; k < patterns.size(); k++) {
        if (!candidates.has(markerBase[marker.ordinal()] + k)) {
          continue;
        }
        Matcher matcher = patterns.get(k).pattern().matchRegex(line);
        if (matcher != null) {
          bits |= 1 << marker.ordinal();
          if (marker == Marker.FAILING_TEST) {
            String name = matcher.group("test");
            if (name != null && !name.isBlank()) {
              tests.add(name.trim());
            }
          }
          break;
        }
      }
    }
    return (byte) bits;
  }
}
