package ai.rodytech.healer.rules;

import java.util.Optional;

/**
 * Finds a plain substring that every match of a regular expression must contain, so that lines without it can
 * be skipped without running the regex. Conservative: when in doubt (alternation at the top level, inline flags
 * other than a leading {@code (?i)}), there is no literal and the regex always runs.
 */
final class RequiredLiteral {
  private static final int MIN_LENGTH = 3;
  private static final java.util.regex.Pattern BARE_FLAGS = java.util.regex.Pattern.compile("\\(\\?[a-zA-Z-]+\\)");

  private RequiredLiteral() {}

  static boolean startsCaseInsensitive(String regex) {
    return regex.startsWith("(?i)");
  }

  static Optional<String> of(String regex) {
    String body = startsCaseInsensitive(regex) ? regex.substring(4) : regex;
    if (!onlyPlainGroups(body)) {
      return Optional.empty();
    }
    String best = "";
    StringBuilder run = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '|') {
        // An alternative at the top level: no single literal is required.
        return Optional.empty();
      }
      if (c == '\\') {
        if (i + 1 >= body.length()) {
          return Optional.empty();
        }
        char next = body.charAt(i + 1);
        if (Character.isLetterOrDigit(next)) {
          best = longer(best, run);
          run.setLength(0);
          if (next == 'Q' || next == 'x' || next == 'u' || next == 'p' || next == 'P') {
            return Optional.empty();
          }
        } else {
          run.append(next);
        }
        i += 2;
      } else if (c == '[') {
        best = longer(best, run);
        run.setLength(0);
        i = skipClass(body, i);
      } else if (c == '(') {
        best = longer(best, run);
        run.setLength(0);
        i = skipGroup(body, i);
      } else if (c == '?' || c == '*' || c == '{') {
        // The character before is optional or repeated: it is not part of a required run.
        if (run.length() > 0 && c != '{' || run.length() > 0 && optionalBrace(body, i)) {
          run.setLength(run.length() - 1);
        }
        best = longer(best, run);
        run.setLength(0);
        i = c == '{' ? skipTo(body, i, '}') : i + 1;
      } else if (c == '+') {
        best = longer(best, run);
        run.setLength(0);
        i++;
      } else if (c == '.' || c == '^' || c == '$' || c == ')' || c == ']') {
        best = longer(best, run);
        run.setLength(0);
        i++;
      } else {
        run.append(c);
        i++;
      }
    }
    best = longer(best, run);
    return best.length() >= MIN_LENGTH ? Optional.of(best) : Optional.empty();
  }

  /**
   * Groups of any kind (non-capturing, named, lookaround, with scoped flags) are skipped as a whole, which is
   * safe; a bare inline flag such as {@code (?i)} in the middle changes what follows, which is not.
   */
  private static boolean onlyPlainGroups(String body) {
    return !BARE_FLAGS.matcher(body).find();
  }

  private static boolean optionalBrace(String body, int brace) {
    return body.startsWith("{0", brace);
  }

  private static String longer(String best, StringBuilder run) {
    return run.length() > best.length() ? run.toString() : best;
  }

  private static int skipTo(String body, int from, char end) {
    int close = body.indexOf(end, from);
    return close < 0 ? body.length() : close + 1;
  }

  private static int skipClass(String body, int open) {
    int i = open + 1;
    if (i < body.length() && body.charAt(i) == '^') {
      i++;
    }
    if (i < body.length() && body.charAt(i) == ']') {
      i++;
    }
    int depth = 1;
    while (i < body.length() && depth > 0) {
      char c = body.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      }
      i++;
    }
    return skipQuantifier(body, i);
  }

  private static int skipGroup(String body, int open) {
    int depth = 0;
    int i = open;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        i = skipClass(body, i);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return skipQuantifier(body, i + 1);
        }
      }
      i++;
    }
    return body.length();
  }

  private static int skipQuantifier(String body, int i) {
    if (i < body.length()) {
      char c = body.charAt(i);
      if (c == '?' || c == '*' || c == '+') {
        return i + 1 < body.length() && (body.charAt(i + 1) == '?' || body.charAt(i + 1) == '+') ? i + 2 : i + 1;
      }
      if (c == '{') {
        return skipTo(body, i, '}');
      }
    }
    return i;
  }
}
