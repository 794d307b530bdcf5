package ai.rodytech.healer.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;

/**
 * One compiled regular expression of a catalog, with the literals every match must contain. Looking for those
 * first (plain substring searches, or one pass of a {@link LiteralIndex} for all patterns at once) skips the regex
 * on the vast majority of log lines.
 *
 * <p>Patterns run on RE2J, a linear-time engine: no line, however crafted, can make a pattern backtrack, so one
 * match costs at most a constant times the line's length. RE2 syntax is Java's without lookaround, backreferences
 * and possessive quantifiers. A line longer than {@link #MAX_MATCHED_CHARS} is matched on its beginning and on its
 * end only: an error sits at one or the other, never in the middle of a megabyte of progress dots.
 */
public final class LinePattern {
  /** Longest stretch of a line a pattern reads; longer lines are read at their first and last half of it. */
  public static final int MAX_MATCHED_CHARS = 16 * 1024;

  private final Pattern pattern;
  private final List<List<String>> required;
  /** For a pattern anchored at the line's start, the characters a matching line can start with; else null. */
  private final LineStart start;

  private LinePattern(Pattern pattern, List<List<String>> required, LineStart start) {
    this.pattern = pattern;
    this.required = required;
    this.start = start;
  }

  /**
   * Compiles a pattern; throws {@link com.google.re2j.PatternSyntaxException} when it is not a valid RE2 regex
   * (for instance one with a lookahead).
   */
  public static LinePattern compile(String regex, boolean ignoreCase) {
    Pattern pattern = Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    return new LinePattern(pattern, RequiredLiteral.allOf(regex), LineStart.of(regex, ignoreCase));
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
    String text = line.text();
    if (text.length() <= MAX_MATCHED_CHARS) {
      return start != null && (text.isEmpty() || !start.allows(text.charAt(0))) ? null : find(text);
    }
    int half = MAX_MATCHED_CHARS / 2;
    Matcher head = find(text.substring(0, half));
    int from = text.length() - half;
    if (Character.isLowSurrogate(text.charAt(from))) {
      from++;
    }
    return head != null ? head : find(text.substring(from));
  }

  private Matcher find(String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher : null;
  }

  public String regex() {
    return pattern.pattern();
  }

  /** Whether the pattern ignores case (RE2's CASE_INSENSITIVE flag). */
  boolean ignoresCase() {
    return (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0;
  }

  /** Whether a line's first character rules a match out before the regex runs (the pattern is anchored). */
  boolean checksLineStart() {
    return start != null;
  }

  /**
   * What every match contains: each entry is a choice of lower-case literals, one of which occurs. Empty when
   * nothing could be worked out (the regex then runs on every line).
   */
  List<List<String>> required() {
    return required;
  }
}
