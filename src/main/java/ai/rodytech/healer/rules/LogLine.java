package ai.rodytech.healer.rules;

import java.util.Locale;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * One log line as signatures see it: ANSI colour codes, carriage-return progress output and CI timestamps
 * removed, so a pattern matches the words a person reads.
 */
public final class LogLine {
  /** Travis folds and timers, glued to the text they precede; they end with an erase-line code. */
  private static final Pattern TRAVIS_MARKER =
      Pattern.compile("travis_(?:fold|time):(?:start|end):[^\\s\\x{1b}]*(?:\\r?\\x{1b}\\[0K)?");

  /** A time at the start of a line, as CI systems and log frameworks print it (see {@link #stripTimestamps}). */
  private static final Pattern TIMESTAMP = Pattern.compile(
      "\\[?(?:\\d{4}-\\d\\d-\\d\\d[T ])?\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?\\]?"
          + "(?: \\d\\d[OE]\\+? ?| +|$)");

  private final long number;
  private final String text;
  private String lower;

  /** A line whose text is already clean. */
  public LogLine(long number, String text) {
    this.number = number;
    this.text = text;
  }

  /** A raw log line, cleaned. */
  public static LogLine of(long number, String raw) {
    return new LogLine(number, clean(raw));
  }

  /** 1-based line number in the whole log (0 for text that is not a log line, e.g. a termination reason). */
  public long number() {
    return number;
  }

  public String text() {
    return text;
  }

  /** The line in lower case, for case-insensitive literal checks; computed once, on demand. */
  public String lower() {
    if (lower == null) {
      lower = text.toLowerCase(Locale.ROOT);
    }
    return lower;
  }

  static String clean(String raw) {
    String line = raw;
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    line = line.substring(0, end);
    if (line.contains("travis_")) {
      line = TRAVIS_MARKER.matcher(line).replaceAll("");
    }
    if (line.indexOf('\u001b') >= 0) {
      line = stripEscapes(line);
    }
    int cr = line.lastIndexOf('\r');
    if (cr >= 0) {
      // Progress bars redraw the line with \r: what a terminal would finally show is after the last one.
      String last = line.substring(cr + 1);
      line = last.isBlank() ? line.substring(0, cr).replace('\r', ' ') : last;
    }
    return stripTimestamps(line);
  }

  /**
   * ANSI escapes: CSI sequences (colours, erase line), OSC and APC strings up to BEL or ST (Buildkite's
   * {@code _bk;t=…} timestamps are APC strings), and two-character escapes.
   */
  private static String stripEscapes(String line) {
    StringBuilder out = new StringBuilder(line.length());
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
      if (c == '\u001b' && next == '[') {
        int j = i + 2;
        while (j < line.length() && (line.charAt(j) < '@' || line.charAt(j) > '~')) {
          j++;
        }
        i = j + 1;
      } else if (c == '\u001b' && (next == ']' || next == '_' || next == 'P')) {
        int j = i + 2;
        while (j < line.length() && line.charAt(j) != '\u0007'
            && !(line.charAt(j) == '\u001b' && j + 1 < line.length() && line.charAt(j + 1) == '\\')) {
          j++;
        }
        i = j < line.length() && line.charAt(j) == '\u0007' ? j + 1 : j + 2;
      } else if (c == '\u001b' && next == '(') {
        i += 3;
      } else if (c == '\u001b') {
        i += 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** A cheap look at the first characters: "2024-", "13:", "[2024-" or "[13:"; most lines fail it at once. */
  private static boolean mayStartWithTime(String text) {
    int at = !text.isEmpty() && text.charAt(0) == '[' ? 1 : 0;
    if (text.length() < at + 8 || !Character.isDigit(text.charAt(at)) || !Character.isDigit(text.charAt(at + 1))) {
      return false;
    }
    return text.charAt(at + 2) == ':' || text.charAt(at + 4) == '-';
  }

  /**
   * CI systems prefix lines with a time: GitHub Actions and Azure ({@code 2024-05-07T13:10:29.1234567Z}), GitLab
   * (the same, then a stream marker such as {@code 01O+}), Jenkins' timestamper ({@code [2024-05-07T13:10:29.123Z]}
   * or {@code 13:10:29}), ISO-8601 with an offset or a space, log frameworks' {@code 2024-05-07 13:10:29,123}.
   * Patterns anchor after it. Two prefixes in a row (a CI's over a tool's) are both removed.
   */
  private static String stripTimestamps(String line) {
    String text = line;
    for (int round = 0; round < 2; round++) {
      if (!mayStartWithTime(text)) {
        return text;
      }
      Matcher matcher = TIMESTAMP.matcher(text.length() > 80 ? text.substring(0, 80) : text);
      if (!matcher.lookingAt()) {
        return text;
      }
      text = text.substring(matcher.end());
    }
    return text;
  }
}
