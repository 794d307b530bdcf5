package ai.rodytech.healer.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compiled regular expression of a catalog, with the literals every match must contain. Looking for those
 * first (plain substring searches, or one pass of a {@link LiteralIndex} for all patterns at once) skips the regex
 * on the vast majority of log lines.
 */
public final class LinePattern {
  private final Pattern pattern;
  private final List<List<String>> required;

  private LinePattern(Pattern pattern, List<List<String>> required) {
    this.pattern = pattern;
    this.required = required;
  }

  /** Compiles a pattern; throws {@link java.util.regex.PatternSyntaxException} when it is not a valid regex. */
  public static LinePattern compile(String regex, boolean ignoreCase) {
    Pattern pattern = Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    return new LinePattern(pattern, RequiredLiteral.allOf(regex));
  }

  /** The match in this line, or null. */
  public Matcher match(LogLine line) {
    String lower = line.lower();
    for (List<String> choice : required) {
      if (choice.stream().noneMatch(lower::contains)) {
        return null;
      }
    }
    return matchRegex(line);
  }

  public boolean matches(LogLine line) {
    return match(line) != null;
  }

  /** The match without the literal check, for callers that did it already. */
  Matcher matchRegex(LogLine line) {
    Matcher matcher = pattern.matcher(line.text());
    return matcher.find() ? matcher : null;
  }

  public String regex() {
    return pattern.pattern();
  }

  /**
   * What every match contains: each entry is a choice of lower-case literals, one of which occurs. Empty when
   * nothing could be worked out (the regex then runs on every line).
   */
  List<List<String>> required() {
    return required;
  }
}
