package ai.rodytech.healer.llm;

import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.LogTail;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The parts of a log worth a model's tokens: the error regions (evidence lines with a little context) and the
 * tail, cleaned of terminal noise, redacted, with repeated lines collapsed.
 */
final class LogExcerpts {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\t]]");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /**
   * Lines that look like an error, for when the rules brain found no evidence (exactly when a hybrid brain asks
   * the model): generic shapes, not any tool's wording.
   */
  private static final Pattern ERROR_SHAPE =
      Pattern.compile(
          "(?i)\\b(error|exception|fatal|failed|failure|killed|denied|refused|timed? ?out|cannot|could not|"
              + "no space|not found|panic|traceback)\\b");

  private final List<String> lines;
  private final long firstLineNumber;

  private LogExcerpts(List<String> lines, long firstLineNumber) {
    this.lines = lines;
    this.firstLineNumber = firstLineNumber;
  }

  /** Cleans and redacts the whole tail once, so that a secret spanning lines is seen whole by the redactor. */
  static LogExcerpts of(LogTail log, Redactor redactor) {
    List<String> raw = splitLines(log.text());
    List<String> redactedLines = splitLines(redactor.redact(log.text()));
    if (redactedLines.size() != raw.size()) {
      // The redactor merged or split lines; redacting line by line keeps the evidence line numbers right.
      redactedLines = raw.stream().map(redactor::redact).toList();
    }
    return new LogExcerpts(redactedLines.stream().map(LogExcerpts::clean).toList(), log.firstLineNumber());
  }

  /** Lines end with \n only: a \r inside a line is a progress bar redrawing itself, not a new line. */
  static List<String> splitLines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    String[] parts = text.split("\n", -1);
    int count = text.endsWith("\n") ? parts.length - 1 : parts.length;
    return List.of(parts).subList(0, count);
  }

  /** A progress bar rewritten with \r shows only its last state; ANSI colours and control bytes go. */
  static String clean(String line) {
    String[] segments = line.split("\r");
    String text = "";
    for (int i = segments.length - 1; i >= 0; i--) {
      if (!segments[i].isBlank()) {
        text = segments[i];
        break;
      }
    }
    text = ANSI.matcher(text).replaceAll("");
    return CONTROL.matcher(text).replaceAll("").stripTrailing();
  }

  /**
   * Regions around the evidence lines (or, without evidence, around the last error-shaped lines), merged where
   * they overlap, in log order.
   */
  List<Region> regions(List<Evidence> evidence, int maxRegions, int contextLines) {
    TreeSet<Integer> centres = new TreeSet<>();
    evidence.stream()
        .map(Evidence::line)
        .filter(line -> line > 0)
        .map(line -> (int) (line - firstLineNumber))
        .filter(index -> index >= 0 && index < lines.size())
        .forEach(centres::add);
    if (centres.isEmpty()) {
      for (int i = lines.size() - 1; i >= 0 && centres.size() < maxRegions; i--) {
        if (ERROR_SHAPE.matcher(lines.get(i)).find()) {
          centres.add(i);
        }
      }
    }
    if (maxRegions <= 0) {
      return List.of();
    }
    List<Region> regions = new ArrayList<>();
    for (int centre : centres) {
      int from = Math.max(0, centre - contextLines);
      int to = Math.min(lines.size() - 1, centre + contextLines);
      Region last = regions.isEmpty() ? null : regions.get(regions.size() - 1);
      if (last != null && from <= last.toIndex() + 1) {
        regions.set(regions.size() - 1, new Region(last.fromIndex(), Math.max(to, last.toIndex())));
      } else {
        regions.add(new Region(from, to));
      }
    }
    return spread(regions, maxRegions);
  }

  /** Too many regions: keep the first (often the cause) and the last (often the summary), and evenly between. */
  private static List<Region> spread(List<Region> regions, int maxRegions) {
    if (regions.size() <= maxRegions) {
      return regions;
    }
    if (maxRegions == 1) {
      return List.of(regions.get(0));
    }
    List<Region> kept = new ArrayList<>();
    for (int i = 0; i < maxRegions; i++) {
      kept.add(regions.get((int) Math.round(i * (regions.size() - 1) / (double) (maxRegions - 1))));
    }
    return kept.stream().distinct().toList();
  }

  /** A region's non-blank lines numbered as in the whole log, repeats collapsed, each at most maxChars. */
  List<String> render(Region region, int maxChars) {
    List<String> numbered = new ArrayList<>();
    for (int i = region.fromIndex(); i <= region.toIndex(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      numbered.add((firstLineNumber + i) + ": " + shorten(lines.get(i), maxChars));
    }
    return collapseRepeats(numbered);
  }

  /**
   * The last non-blank lines not already shown in a region, numbered like the regions, repeats collapsed so
   * that a retry loop does not fill the tail.
   */
  List<String> tail(int maxLines, int maxChars, List<Region> shown) {
    List<String> picked = new ArrayList<>();
    for (int i = lines.size() - 1; i >= 0 && picked.size() < maxLines * 20 && maxLines > 0; i--) {
      if (!lines.get(i).isBlank() && !inAny(shown, i)) {
        picked.add(0, (firstLineNumber + i) + ": " + shorten(lines.get(i), maxChars));
      }
    }
    List<String> collapsed = collapseRepeats(picked);
    return collapsed.subList(Math.max(0, collapsed.size() - maxLines), collapsed.size());
  }

  private static boolean inAny(List<Region> regions, int index) {
    return regions.stream().anyMatch(r -> index >= r.fromIndex() && index <= r.toIndex());
  }

  int lineCount() {
    return lines.size();
  }

  /**
   * Runs of three or more lines that differ only in numbers (progress, timestamps, retry counters) keep their
   * first and last line and a count, which keeps the shape of the log at a fraction of the tokens.
   */
  static List<String> collapseRepeats(List<String> input) {
    List<String> out = new ArrayList<>();
    List<String> run = new ArrayList<>();
    String runShape = null;
    for (String line : input) {
      String shape = DIGITS.matcher(line.replaceFirst("^[0-9]+: ", "")).replaceAll("#");
      if (!Objects.equals(shape, runShape)) {
        flush(out, run);
        runShape = shape;
      }
      run.add(line);
    }
    flush(out, run);
    return out;
  }

  private static void flush(List<String> out, List<String> run) {
    if (run.size() <= 2) {
      out.addAll(run);
    } else {
      int hidden = run.size() - 2;
      out.add(run.get(0));
      out.add("[... " + hidden + " similar line" + (hidden == 1 ? "" : "s") + "]");
      out.add(run.get(run.size() - 1));
    }
    run.clear();
  }

  private static String shorten(String line, int maxChars) {
    return line.length() <= maxChars ? line : line.substring(0, maxChars) + " [...]";
  }

  /** Lines fromIndex..toIndex (inclusive) of the tail. */
  record Region(int fromIndex, int toIndex) {}
}
