package ai.rodytech.healer.core.snapshot;

/**
 * The bounded end of a log: never the whole log of a long run.
 *
 * @param text the tail, lines separated by '\n'
 * @param firstLineNumber 1-based line number of the tail's first line in the whole log, or 1 when it is
 *     unknown (then line numbers are relative to the tail)
 * @param truncated whether earlier lines were left out
 * @param source where it came from, e.g. "pod ci-123-abcde/build (tailLines=2000, limitBytes=262144)"
 */
public record LogTail(String text, long firstLineNumber, boolean truncated, String source) {
  public static final LogTail EMPTY = new LogTail("", 1, false, "none");

  public LogTail {
    text = text == null ? "" : text;
    firstLineNumber = Math.max(1, firstLineNumber);
    source = source == null ? "" : source;
  }

  public static LogTail of(String text) {
    return new LogTail(text, 1, false, "inline");
  }

  public boolean isEmpty() {
    return text.isEmpty();
  }
}
