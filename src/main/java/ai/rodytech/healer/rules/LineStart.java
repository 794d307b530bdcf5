package ai.rodytech.healer.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The characters a line can start with for a pattern anchored at the line's start ({@code ^...}) to match it: a check
 * of one character that spares the regex engine most lines. Step headers, test summaries and compiler diagnostics are
 * found by their shape at the start of a line ({@code ^\+ cmd}, {@code ^\d+\) name}, {@code ^FAILED x::y}), often
 * without a literal the {@link LiteralIndex} could look for, so before this they ran on every line of every log: 15
 * such patterns were four fifths of the regex runs on a short npm log.
 *
 * <p>The analysis reads the regex's own text and is conservative: a construct it does not know (a negated class,
 * {@code .}, {@code \S}, a flag group, a Unicode class, a character outside the Basic Multilingual Plane) makes the
 * start unknown, and the regex runs as before. What it knows is the RE2 meaning: {@code \d} and {@code \w} are ASCII,
 * {@code \s} is {@code [\t\n\f\r ]} (taken wider here, which only lets more lines through). A case-insensitive pattern
 * lets every line through whose first character is not ASCII (Unicode case folding has its surprises: the Kelvin
 * sign folds to k).
 */
final class LineStart {
  /** Starts possible for ASCII characters. */
  private final boolean[] ascii = new boolean[128];
  /** Other characters possible at the start. */
  private final StringBuilder others = new StringBuilder();
  private final boolean ignoreCase;

  private LineStart(boolean ignoreCase) {
    this.ignoreCase = ignoreCase;
  }

  /** The possible starts of a match of {@code regex}, or null when it is not anchored or not understood. */
  static LineStart of(String regex, boolean ignoreCase) {
    LineStart start = new LineStart(ignoreCase);
    try {
      Parser parser = new Parser(regex, start, 0);
      return parser.anchoredAlternatives() ? start : null;
    } catch (RuntimeException e) {
      // Unknown, or a surprise in a pattern a user wrote (a signature file): the regex decides alone.
      return null;
    }
  }

  /** Whether a line starting with {@code c} may match. */
  boolean allows(char c) {
    if (c < 128) {
      if (ascii[c]) {
        return true;
      }
      return ignoreCase && Character.isLetter(c) && (ascii[Character.toLowerCase(c)] || ascii[Character.toUpperCase(c)]);
    }
    return ignoreCase || others.indexOf(String.valueOf(c)) >= 0;
  }

  private void add(char c) {
    if (Character.isSurrogate(c)) {
      throw new Unknown();
    }
    if (c < 128) {
      ascii[c] = true;
      return;
    }
    if (others.indexOf(String.valueOf(c)) < 0) {
      others.append(c);
    }
    // A few characters outside ASCII fold to ASCII letters (the Kelvin sign to k, the long s to s): under a
    // case-insensitive pattern a line starting with the ASCII letter matches.
    for (char folded : new char[] {Character.toLowerCase(c), Character.toUpperCase(c)}) {
      if (folded < 128) {
        ascii[folded] = true;
      }
    }
  }

  private void addRange(char from, char to) {
    if (to < from || to - from > 512) {
      throw new Unknown();
    }
    for (char c = from; c <= to; c++) {
      add(c);
    }
  }

  private void addClass(char escape) {
    switch (escape) {
      case 'd' -> addRange('0', '9');
      case 'w' -> {
        addRange('0', '9');
        addRange('A', 'Z');
        addRange('a', 'z');
        add('_');
      }
      case 's' -> {
        for (char c : "\t\n\u000B\f\r ".toCharArray()) {
          add(c);
        }
      }
      default -> throw new Unknown();
    }
  }

  /** A construct the analysis does not know: the start stays unknown. */
  private static final class Unknown extends RuntimeException {
    Unknown() {
      super(null, null, false, false);
    }
  }

  /**
   * Reads the regex from the start: each top-level alternative must begin with {@code ^}; then atoms are read, each
   * adding its first characters, until one that must match at least one character.
   */
  private static final class Parser {
    /** Groups nested deeper than this are not followed (each level is a parser of its own). */
    private static final int MAX_DEPTH = 32;
    private final String regex;
    private final LineStart start;
    private final int depth;
    private int at;

    Parser(String regex, LineStart start, int depth) {
      if (depth > MAX_DEPTH) {
        throw new Unknown();
      }
      this.regex = regex;
      this.start = start;
      this.depth = depth;
    }

    boolean anchoredAlternatives() {
      for (String alternative : split(regex)) {
        if (!alternative.startsWith("^")) {
          return false;
        }
        if (new Parser(alternative.substring(1), start, depth).sequenceNullable()) {
          return false;
        }
      }
      return true;
    }

    /** Reads atoms up to the end of this parser's text; whether all of them can match nothing. */
    private boolean sequenceNullable() {
      while (at < regex.length()) {
        boolean nullable = atom();
        nullable |= quantifierAllowsNone();
        if (!nullable) {
          return false;
        }
      }
      return true;
    }

    /** Reads one atom, adds its possible first characters; whether it can match the empty string. */
    private boolean atom() {
      char c = regex.charAt(at++);
      switch (c) {
        case '\\' -> {
          char e = next();
          if ("dws".indexOf(e) >= 0) {
            start.addClass(e);
          } else if (isPunctuation(e)) {
            start.add(e);
          } else {
            throw new Unknown();
          }
          return false;
        }
        case '[' -> {
          bracket();
          return false;
        }
        case '(' -> {
          return group();
        }
        case '.', '^', '$', '|', ')', '*', '+', '?', '{' -> throw new Unknown();
        default -> {
          start.add(c);
          return false;
        }
      }
    }

    private boolean group() {
      int open = at - 1;
      if (regex.startsWith("?:", at)) {
        at += 2;
      } else if (regex.startsWith("?<", at) || regex.startsWith("?P<", at)) {
        int close = regex.indexOf('>', at);
        if (close < 0) {
          throw new Unknown();
        }
        at = close + 1;
      } else if (regex.startsWith("?", at)) {
        throw new Unknown();
      }
      int end = RegexText.closing(regex, open, regex.length());
      if (end < 0) {
        throw new Unknown();
      }
      boolean nullable = false;
      for (String alternative : split(regex.substring(at, end))) {
        nullable |= new Parser(alternative, start, depth + 1).sequenceNullable();
      }
      at = end + 1;
      return nullable;
    }

    private void bracket() {
      if (at < regex.length() && regex.charAt(at) == '^') {
        throw new Unknown();
      }
      boolean first = true;
      while (true) {
        char c = next();
        if (c == ']' && !first) {
          return;
        }
        first = false;
        if (c == '[') {
          throw new Unknown();
        }
        char from;
        if (c == '\\') {
          char e = next();
          if ("dws".indexOf(e) >= 0) {
            start.addClass(e);
            continue;
          }
          if (!isPunctuation(e)) {
            throw new Unknown();
          }
          from = e;
        } else {
          from = c;
        }
        if (at + 1 < regex.length() && regex.charAt(at) == '-' && regex.charAt(at + 1) != ']') {
          at++;
          char to = next();
          if (to == '\\') {
            to = next();
            if (!isPunctuation(to)) {
              throw new Unknown();
            }
          }
          start.addRange(from, to);
        } else {
          start.add(from);
        }
      }
    }

    /** Reads a quantifier after an atom, if any; whether it allows zero repetitions. */
    private boolean quantifierAllowsNone() {
      if (at >= regex.length()) {
        return false;
      }
      char q = regex.charAt(at);
      boolean none;
      if (q == '*' || q == '?') {
        at++;
        none = true;
      } else if (q == '+') {
        at++;
        none = false;
      } else if (q == '{') {
        int close = regex.indexOf('}', at);
        if (close < 0) {
          throw new Unknown();
        }
        String bounds = regex.substring(at + 1, close);
        String min = bounds.contains(",") ? bounds.substring(0, bounds.indexOf(',')) : bounds;
        if (min.isEmpty() || !min.chars().allMatch(Character::isDigit)) {
          throw new Unknown();
        }
        none = Integer.parseInt(min) == 0;
        at = close + 1;
      } else {
        return false;
      }
      if (at < regex.length() && regex.charAt(at) == '?') {
        at++;
      }
      return none;
    }

    private char next() {
      if (at >= regex.length()) {
        throw new Unknown();
      }
      return regex.charAt(at++);
    }

    /** The top-level alternatives of {@code text} (escapes, classes and groups are stepped over whole). */
    private static List<String> split(String text) {
      List<String> parts = new ArrayList<>();
      int from = 0;
      for (int i = 0; i < text.length(); i = RegexText.next(text, i, text.length())) {
        if (text.charAt(i) == '|') {
          parts.add(text.substring(from, i));
          from = i + 1;
        }
      }
      parts.add(text.substring(from));
      return parts;
    }

    /** An escaped character that stands for itself: punctuation, not a class or an anchor. */
    private static boolean isPunctuation(char c) {
      return c < 128 && !Character.isLetterOrDigit(c);
    }
  }
}
