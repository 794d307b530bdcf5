package ai.rodytech.healer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts the signatures' Java regular expressions to POSIX extended ones for {@code grep -E}, so both scan the
 * same patterns. What ERE cannot express (lookaround, hex and unicode escapes, possessive quantifiers, negated
 * shorthand classes inside brackets) is skipped and counted, not approximated.
 */
public final class GrepPatterns {

  /**
   * The converted patterns and the Java ones that were skipped. Case-insensitive patterns are folded into
   * bracket pairs ({@code [eE][rR]...}) so that a single grep run, and one count of matching lines, covers all.
   */
  public record Converted(List<String> patterns, List<String> skipped) {}

  private GrepPatterns() {}

  public static Converted convert(List<String> javaRegexes) {
    List<String> patterns = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String regex : javaRegexes) {
      boolean ignoreCase = regex.startsWith("(?i)");
      Optional<String> ere = toEre(ignoreCase ? regex.substring(4) : regex, ignoreCase);
      if (ere.isEmpty()) {
        skipped.add(regex);
      } else {
        patterns.add(ere.get());
      }
    }
    return new Converted(patterns, skipped);
  }

  /** One Java regex (without a leading (?i)) as ERE, or empty when ERE cannot say the same. */
  public static Optional<String> toEre(String regex, boolean ignoreCase) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 >= regex.length()) {
          return Optional.empty();
        }
        String escape = escape(regex.charAt(i + 1));
        if (escape == null) {
          return Optional.empty();
        }
        out.append(escape);
        i += 2;
      } else if (c == '[') {
        int end = classEnd(regex, i);
        if (end < 0) {
          return Optional.empty();
        }
        Optional<String> bracket = bracket(regex.substring(i + 1, end), ignoreCase);
        if (bracket.isEmpty()) {
          return Optional.empty();
        }
        out.append(bracket.get());
        i = end + 1;
      } else if (c == '(' && regex.startsWith("(?", i)) {
        if (regex.startsWith("(?:", i)) {
          out.append('(');
          i += 3;
        } else if (regex.startsWith("(?<", i) && i + 3 < regex.length() && Character.isLetter(regex.charAt(i + 3))) {
          int close = regex.indexOf('>', i);
          out.append('(');
          i = close + 1;
        } else {
          return Optional.empty();
        }
      } else if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < regex.length()
          && (regex.charAt(i + 1) == '?' || regex.charAt(i + 1) == '+')) {
        if (regex.charAt(i + 1) == '+') {
          return Optional.empty();
        }
        // A lazy quantifier matches the same lines as a greedy one; only the match's extent differs.
        out.append(c);
        i += 2;
      } else if (ignoreCase && Character.isLetter(c)) {
        out.append('[').append(Character.toLowerCase(c)).append(Character.toUpperCase(c)).append(']');
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return Optional.of(out.toString());
  }

  private static String escape(char c) {
    return switch (c) {
      case 'd' -> "[0-9]";
      case 'D' -> "[^0-9]";
      case 's' -> "[[:space:]]";
      case 'S' -> "[^[:space:]]";
      case 'w', 'W', 'b', 'B' -> "\\" + c;
      case '.', '[', ']', '(', ')', '{', '}', '*', '+', '?', '|', '^', '$', '\\' -> "\\" + c;
      default -> Character.isLetterOrDigit(c) ? null : String.valueOf(c);
    };
  }

  private static int classEnd(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++;
    }
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[') {
        return -1;
      } else if (c == ']') {
        return i;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** A Java bracket body to an ERE bracket expression: no escapes inside, ']' first and '-' last. */
  private static Optional<String> bracket(String body, boolean ignoreCase) {
    boolean negated = body.startsWith("^");
    String rest = negated ? body.substring(1) : body;
    StringBuilder items = new StringBuilder();
    boolean closeBracket = false;
    boolean dash = false;
    int i = 0;
    while (i < rest.length()) {
      char c = rest.charAt(i);
      if (c == '\\' && i + 1 < rest.length()) {
        char e = rest.charAt(i + 1);
        switch (e) {
          case 'w' -> items.append("[:alnum:]_");
          case 'd' -> items.append("0-9");
          case 's' -> items.append("[:space:]");
          case ']' -> closeBracket = true;
          case '-' -> dash = true;
          default -> {
            if (Character.isLetterOrDigit(e)) {
              return Optional.empty();
            }
            items.append(e);
          }
        }
        i += 2;
      } else if (c == '-' && (i == 0 || i == rest.length() - 1)) {
        dash = true;
        i++;
      } else if (ignoreCase && Character.isLetter(c) && i + 2 < rest.length() && rest.charAt(i + 1) == '-'
          && Character.isLetter(rest.charAt(i + 2))) {
        char to = rest.charAt(i + 2);
        items.append(Character.toLowerCase(c)).append('-').append(Character.toLowerCase(to));
        items.append(Character.toUpperCase(c)).append('-').append(Character.toUpperCase(to));
        i += 3;
      } else if (ignoreCase && Character.isLetter(c)) {
        items.append(Character.toLowerCase(c)).append(Character.toUpperCase(c));
        i++;
      } else {
        items.append(c);
        i++;
      }
    }
    StringBuilder out = new StringBuilder("[");
    if (negated) {
      out.append('^');
    }
    if (closeBracket) {
      out.append(']');
    }
    out.append(items);
    if (dash) {
      out.append('-');
    }
    return Optional.of(out.append(']').toString());
  }
}
