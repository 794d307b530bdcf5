package ai.rodytech.healer.rules;

/**
 * Walking a regular expression's text token by token, for the analyses that read a pattern without compiling it
 * ({@link RequiredLiteral}, {@link LineStart}): escapes, character classes and groups are stepped over whole.
 */
final class RegexText {
  private RegexText() {}

  /** Index after the token at i (an escape, a class, a group, or one character). */
  static int next(String body, int i, int to) {
    char c = body.charAt(i);
    if (c == '\\') {
      return i + 2;
    }
    if (c == '[') {
      return skipClass(body, i, to);
    }
    if (c == '(') {
      int close = closing(body, i, to);
      return close < 0 ? to : close + 1;
    }
    return i + 1;
  }

  /** The index of the ')' that closes the group opened at {@code open}, or -1. */
  static int closing(String body, int open, int to) {
    int depth = 0;
    int i = open;
    while (i < to) {
      char c = body.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        i = skipClass(body, i, to);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
      i++;
    }
    return -1;
  }

  /**
   * Index after the ']' that closes the class opened at {@code open} (a ']' first in the class is a member; POSIX
   * classes such as {@code [:alpha:]} nest), or {@code to} when it is not closed.
   */
  static int skipClass(String body, int open, int to) {
    int i = open + 1;
    if (i < to && body.charAt(i) == '^') {
      i++;
    }
    if (i < to && body.charAt(i) == ']') {
      i++;
    }
    int depth = 1;
    while (i < to && depth > 0) {
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
    return i;
  }
}
