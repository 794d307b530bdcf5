package ai.rodytech.healer.core.history;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per test, so that a test named by a log line and by a JUnit report is the same test: surefire's
 * old {@code method(pkg.Class)} becomes {@code pkg.Class.method}, the form JUnit reports and newer surefire use;
 * and a short name that ends a longer one of the same run ({@code Class.method} next to
 * {@code pkg.Class.method}, as surefire's summary repeats it) is the same test, named once.
 */
public final class TestNames {
  /** Longest name kept; parameterised tests can print very long names. */
  static final int MAX_NAME = 200;

  private static final Pattern METHOD_OF_CLASS = Pattern.compile("^(\\w+)\\(([\\w.$]+)\\)$");

  private TestNames() {}

  public static String normalize(String name) {
    String trimmed = name.strip();
    Matcher m = METHOD_OF_CLASS.matcher(trimmed);
    String normalized = m.matches() ? m.group(2) + "." + m.group(1) : trimmed;
    return normalized.length() <= MAX_NAME ? normalized : normalized.substring(0, MAX_NAME);
  }

  /** The names normalized, blanks dropped, each test once (by its longest name), in first-seen order. */
  public static List<String> normalizeAll(List<String> names) {
    if (names == null) {
      return List.of();
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String name : names) {
      if (name != null && !name.isBlank()) {
        seen.add(normalize(name));
      }
    }
    List<String> kept = new ArrayList<>();
    for (String name : seen) {
      if (!endsALongerOne(name, seen)) {
        kept.add(name);
      }
    }
    return List.copyOf(kept);
  }

  private static boolean endsALongerOne(String name, Set<String> names) {
    for (String longer : names) {
      if (longer.length() > name.length() + 1 && longer.endsWith(name)
          && longer.charAt(longer.length() - name.length() - 1) == '.') {
        return true;
      }
    }
    return false;
  }
}
