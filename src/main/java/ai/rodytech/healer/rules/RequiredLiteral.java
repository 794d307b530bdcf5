package ai.rodytech.healer.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the plain substrings every match of a regular expression must contain, so that lines lacking them can be
 * skipped without running the regex. The result is a conjunction of choices: every choice must be met, and a
 * choice is met by any one of its literals. For {@code (?:Read|Connect) timed out} that is [[read, connect],
 * [ timed out]]; for {@code Tests run: \d+, Failures: [1-9]} it is [[tests run: ], [, failures: ]].
 * Conservative: when in doubt (a bare inline flag in the middle, an optional part, a literal shorter than three
 * characters) a part yields nothing, and a regex with no choice at all always runs. Literals are lower case, to
 * be looked for in the lower-cased line.
 */
final class RequiredLiteral {
  private static final int MIN_LENGTH = 3;
  /** Choices kept per pattern: the most selective ones; more add little and cost index space. */
  static final int MAX_CHOICES = 4;
  private static final Pattern BARE_FLAGS = Pattern.compile("\\(\\?[a-zA-Z-]+\\)");

  private RequiredLiteral() {}

  static boolean startsCaseInsensitive(String regex) {
    return regex.startsWith("(?i)");
  }

  /** The choices every match meets (each a list of literals, one of which occurs); empty when none. */
  static List<List<String>> allOf(String regex) {
    String body = startsCaseInsensitive(regex) ? regex.substring(4) : regex;
    if (BARE_FLAGS.matcher(body).find()) {
      return List.of();
    }
    List<List<String>> choices = alternation(body, 0, body.length());
    if (choices == null) {
      return List.of();
    }
    return choices.stream()
        .map(c -> c.stream().map(l -> l.toLowerCase(Locale.ROOT)).distinct().toList())
        .sorted(Comparator.comparingInt(RequiredLiteral::shortest).reversed())
        .limit(MAX_CHOICES)
        .toList();
  }

  /**
   * Choices for body[from, to): one alternative gives its own choices; several give one choice made of the
   * best choice of each (null when an alternative has none: then nothing is required).
   */
  private static List<List<String>> alternation(String body, int from, int to) {
    List<List<List<String>>> alternatives = new ArrayList<>();
    int start = from;
    int i = from;
    while (i <= to) {
      if (i == to || body.charAt(i) == '|') {
        alternatives.add(sequence(body, start, i));
        start = i + 1;
        i++;
      } else {
        i = RegexText.next(body, i, to);
      }
    }
    if (alternatives.size() == 1) {
      return alternatives.get(0);
    }
    List<String> union = new ArrayList<>();
    for (List<List<String>> alternative : alternatives) {
      List<String> best = alternative.stream().max(Comparator.comparingInt(RequiredLiteral::shortest)).orElse(null);
      if (best == null) {
        return null;
      }
      union.addAll(best);
    }
    return List.of(union);
  }

  /** All required parts of one alternative: runs of plain characters and groups that are not optional. */
  private static List<List<String>> sequence(String body, int from, int to) {
    Choices choices = new Choices();
    int i = from;
    while (i < to) {
      char c = body.charAt(i);
      if (c == '\\') {
        if (i + 1 >= to) {
          return choices.all;
        }
        char escaped = body.charAt(i + 1);
        if (Character.isLetterOrDigit(escaped)) {
          choices.endRun();
          i = skipQuantifier(body, i + 2, to);
        } else {
          choices.run.append(escaped);
          i = choices.quantified(body, i + 2, to);
        }
      } else if (c == '[') {
        choices.endRun();
        i = skipQuantifier(body, RegexText.skipClass(body, i, to), to);
      } else if (c == '(') {
        choices.endRun();
        int close = RegexText.closing(body, i, to);
        if (close < 0) {
          return choices.all;
        }
        int end = skipQuantifier(body, close + 1, to);
        boolean optional = end > close + 1 && optionalQuantifier(body, close + 1);
        int inner = groupContentStart(body, i);
        if (!optional && inner > 0) {
          List<List<String>> group = alternation(body, inner, close);
          if (group != null) {
            choices.all.addAll(group);
          }
        }
        i = end;
      } else if (c == '.' || c == '^' || c == '$') {
        choices.endRun();
        i = skipQuantifier(body, i + 1, to);
      } else {
        choices.run.append(c);
        i = choices.quantified(body, i + 1, to);
      }
    }
    choices.endRun();
    return choices.all;
  }

  /** The required parts found so far and the run of plain characters being read. */
  private static final class Choices {
    final List<List<String>> all = new ArrayList<>();
    final StringBuilder run = new StringBuilder();

    void endRun() {
      if (run.length() >= MIN_LENGTH) {
        all.add(List.of(run.toString()));
      }
      run.setLength(0);
    }

    /**
     * After a character joined the run: a quantifier that makes it optional takes it out again, and any
     * quantifier ends the run, since what follows is not certainly adjacent.
     */
    int quantified(String body, int i, int to) {
      if (i >= to) {
        return i;
      }
      char q = body.charAt(i);
      if (q == '?' || q == '*' || q == '{' && body.startsWith("{0", i)) {
        run.setLength(run.length() - 1);
        endRun();
        return skipQuantifier(body, i, to);
      }
      if (q == '+' || q == '{') {
        endRun();
        return skipQuantifier(body, i, to);
      }
      return i;
    }
  }

  private static int shortest(List<String> literals) {
    return literals.stream().mapToInt(String::length).min().orElse(0);
  }

  /** Where a group's content starts, or -1 for lookaround and flag groups, which are no literal source. */
  private static int groupContentStart(String body, int open) {
    if (!body.startsWith("(?", open)) {
      return open + 1;
    }
    if (body.startsWith("(?:", open)) {
      return open + 3;
    }
    if (body.startsWith("(?<", open) && open + 3 < body.length() && Character.isLetter(body.charAt(open + 3))) {
      int close = body.indexOf('>', open);
      return close < 0 ? -1 : close + 1;
    }
    return -1;
  }

  private static boolean optionalQuantifier(String body, int i) {
    char q = body.charAt(i);
    return q == '?' || q == '*' || body.startsWith("{0", i);
  }

  private static int skipQuantifier(String body, int i, int to) {
    if (i < to) {
      char c = body.charAt(i);
      if (c == '?' || c == '*' || c == '+') {
        return i + 1 < to && (body.charAt(i + 1) == '?' || body.charAt(i + 1) == '+') ? i + 2 : i + 1;
      }
      if (c == '{') {
        int close = body.indexOf('}', i);
        int end = close < 0 ? to : close + 1;
        return end < to && (body.charAt(end) == '?' || body.charAt(end) == '+') ? end + 1 : end;
      }
    }
    return i;
  }
}
