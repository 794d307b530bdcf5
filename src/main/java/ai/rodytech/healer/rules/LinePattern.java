package ai.rodytech.healer.rules;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compiled regular expression of a signature, with a literal that every match must contain. Checking the
 * literal first (a plain substring search) skips the regex on the vast majority of log lines.
 */
public final class LinePattern {
  private final Pattern pattern;
  private final String literal;
  private final boolean ignoreCase;

  private LinePattern(Pattern pattern, String literal, boolean ignoreCase) {
    this.pattern = pattern;
    this.literal = literal;
    this.ignoreCase = ignoreCase;
  }

  /** Compiles a pattern; throws {@link java.util.regex.PatternSyntaxException} when it is not a valid regex. */
  public static LinePattern compile(String regex, boolean ignoreCase) {
    Pattern pattern = Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    boolean caseless = ignoreCase || RequiredLiteral.startsCaseInsensitive(regex);
    String literal = RequiredLiteral.of(regex).map(l -> caseless ? l.toLowerCase(Locale.ROOT) : l).orElse(null);
    return new LinePattern(pattern, literal, caseless);
  }

  /** The match in this line, or null. */
  public Matcher match(LogLine line) {
    if (literal != null && !(ignoreCase ? line.lower() : line.text()).contains(literal)) {
      return null;
    }
    Matcher matcher = pattern.matcher(line.text());
    return matcher.find() ? matcher : null;
  }

  public boolean matches(LogLine line) {
    return match(line) != null;
  }

  public String regex() {
    return pattern.pattern();
  }

  public boolean ignoreCase() {
    return ignoreCase;
  }

  /** The literal every match contains, or null when none could be worked out. */
  String literal() {
    return literal;
  }
}
