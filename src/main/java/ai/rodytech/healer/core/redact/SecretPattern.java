package ai.rodytech.healer.core.redact;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shape of secret: literal anchors that every match contains, and a regular expression tried only where
 * an anchor occurs. Anchors are found with {@link String#indexOf}, which is far faster than letting the
 * regex engine try every position; the expression then runs with {@link Matcher#lookingAt} from the start
 * of the candidate (the anchor itself, or further left over {@code backOver} characters, e.g. to the start of
 * the key name that contains the anchor). Every quantifier in the expressions is possessive or bounded, so
 * each try costs a bounded number of steps and a scan is linear in the text.
 *
 * <p>Only the named value groups are masked, so the key, the scheme or the host around a secret stays
 * readable.
 *
 * @param pattern the expression, tried at candidate starts
 * @param anchors literals of which every match contains one
 * @param ignoreCase whether anchors are matched against the lower-cased text (then anchors are lower case)
 * @param backOver characters the match may extend over to the left of an anchor
 * @param labelGroup a named group whose text decides the kind (a key name, an auth scheme), or null
 * @param kindOf the kind for the label's text; null means: not a secret after all
 * @param valueGroups named groups holding the value; the first that took part is masked, else the whole match
 * @param valueTest whether the value found is a secret after all (e.g. random enough to be a token)
 */
record SecretPattern(
    Pattern pattern,
    List<String> anchors,
    boolean ignoreCase,
    String backOver,
    String labelGroup,
    Function<String, SecretKind> kindOf,
    List<String> valueGroups,
    Predicate<String> valueTest) {
  /** How far left of an anchor a match may start: longer than any key name the patterns accept. */
  private static final int MAX_BACK = 72;

  /** A pattern whose whole match is the secret, of one kind. */
  static SecretPattern fixed(SecretKind kind, String regex, String... anchors) {
    return new SecretPattern(
        Pattern.compile(regex), List.of(anchors), false, "", null, label -> kind, List.of(), value -> true);
  }

  /** A pattern whose group "value" is the secret, of one kind. */
  static SecretPattern value(SecretKind kind, String regex, String... anchors) {
    return new SecretPattern(
        Pattern.compile(regex), List.of(anchors), false, "", null, label -> kind, List.of("value"), value -> true);
  }

  /** A pattern whose group "label" decides the kind, or that it is no secret at all. */
  static SecretPattern labelled(String regex, Function<String, SecretKind> kindOf, List<String> valueGroups) {
    return new SecretPattern(
        Pattern.compile(regex), List.of(), false, "", "label", kindOf, valueGroups, value -> true);
  }

  SecretPattern anchoredAt(String... literals) {
    return new SecretPattern(
        pattern, List.of(literals), ignoreCase, backOver, labelGroup, kindOf, valueGroups, valueTest);
  }

  /** Anchors are lower case and found in the lower-cased text. */
  SecretPattern ignoringCase() {
    return new SecretPattern(pattern, anchors, true, backOver, labelGroup, kindOf, valueGroups, valueTest);
  }

  SecretPattern reachingBackOver(String characters) {
    return new SecretPattern(pattern, anchors, ignoreCase, characters, labelGroup, kindOf, valueGroups, valueTest);
  }

  /** Only values that pass this test are masked. */
  SecretPattern whereValue(Predicate<String> test) {
    return new SecretPattern(pattern, anchors, ignoreCase, backOver, labelGroup, kindOf, valueGroups, test);
  }

  void find(ScanText scan, Consumer<Finding> sink) {
    String text = scan.text();
    String haystack = ignoreCase ? scan.lower() : text;
    Matcher m = null;
    for (String anchor : anchors) {
      int resumeAt = 0;
      for (int at = haystack.indexOf(anchor); at >= 0; at = haystack.indexOf(anchor, Math.max(at + 1, resumeAt))) {
        int start = candidateStart(text, at);
        if (start < resumeAt) {
          continue;
        }
        if (m == null) {
          // Made on the first candidate only: most texts hold no anchor of most patterns.
          m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        }
        m.region(start, text.length());
        if (m.lookingAt()) {
          report(m, text, sink);
          resumeAt = Math.max(m.end(), at + 1);
        }
      }
    }
  }

  private int candidateStart(String text, int anchorAt) {
    int start = anchorAt;
    int floor = Math.max(0, anchorAt - MAX_BACK);
    while (start > floor && backOver.indexOf(text.charAt(start - 1)) >= 0) {
      start--;
    }
    return start;
  }

  private void report(Matcher m, String text, Consumer<Finding> sink) {
    SecretKind kind = kindOf.apply(labelGroup == null ? null : m.group(labelGroup));
    if (kind == null) {
      return;
    }
    int start = m.start();
    int end = m.end();
    for (String group : valueGroups) {
      if (m.start(group) >= 0) {
        start = m.start(group);
        end = m.end(group);
        break;
      }
    }
    if (!Placeholders.isPlaceholder(text, start, end) && valueTest.test(text.substring(start, end))) {
      sink.accept(new Finding(start, end, kind));
    }
  }
}
