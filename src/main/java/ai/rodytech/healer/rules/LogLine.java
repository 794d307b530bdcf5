package ai.rodytech.healer.rules;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One log line as signatures see it: ANSI colour codes, carriage-return progress output and CI timestamps
 * removed, so a pattern matches the words a person reads.
 */
public final class LogLine {
  /** Travis folds and timers, glued to the text they precede; they end with an erase-line code. */
  private static final Pattern TRAVIS_MARKER =
      Pattern.compile("travis_(?:fold|time):(?:start|end):[^\\s\\u001b]*(?:\\r?\\u001b\\[0K)?");

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
    return stripTimestamp(line);
  }

  private static String stripEscapes(String line) {
    StringBuilder out = new StringBuilder(line.length());
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\u001b' && i + 1 < line.length() && line.charAt(i + 1) == '[') {
        int j = i + 2;
        while (j < line.length() && (line.charAt(j) < '@' || line.charAt(j) > '~')) {
          j++;
        }
        i = j + 1;
      } else if (c == '\u001b' && i + 1 < line.length() && line.charAt(i + 1) == '(') {
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

  /** GitHub Actions and others prefix each line with an ISO-8601 timestamp; patterns anchor after it. */
  private static String stripTimestamp(String line) {
    if (line.length() > 20
        && Character.isDigit(line.charAt(0))
        && line.charAt(4) == '-'
        && line.charAt(10) == 'T') {
      int space = line.indexOf(' ');
      if (space > 18 && space < 40 && line.charAt(space - 1) == 'Z') {
        return line.substring(space + 1);
      }
    }
    return line;
  }
}
