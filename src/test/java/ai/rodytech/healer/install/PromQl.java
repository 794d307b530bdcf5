package ai.rodytech.healer.install;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, found the way the language is written: strings, label matchers,
 * ranges and grouping labels are not names; a word followed by '(' is a function; a few words are operators.
 * Enough for the expressions of our dashboard and alerts, not a parser of all of PromQL.
 */
final class PromQl {
  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern WORD = Pattern.compile("(?<![\\w$.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(\\s*\\()?");
  private static final Set<String> OPERATORS =
      Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right",
          "inf", "nan", "Inf", "NaN");

  private PromQl() {}

  static Set<String> metricNames(String expression) {
    String text = STRINGS.matcher(expression).replaceAll(" ");
    text = MATCHERS.matcher(text).replaceAll(" ");
    text = RANGES.matcher(text).replaceAll(" ");
    text = GROUPING.matcher(text).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher word = WORD.matcher(text);
    while (word.find()) {
      boolean function = word.group(2) != null;
      if (!function && !OPERATORS.contains(word.group(1))) {
        names.add(word.group(1));
      }
    }
    return names;
  }
}
