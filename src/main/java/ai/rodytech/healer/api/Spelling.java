package ai.rodytech.healer.api;

import java.util.Locale;

/** Edit distance between field names, for "did you mean" hints. */
final class Spelling {
  private Spelling() {}

  /** Close enough to be a typo: a third of the letters wrong at most, or only the case differs. */
  static boolean isCloseTo(String typed, String known) {
    int allowed = Math.max(2, known.length() / 3);
    // The distance is at least the difference in length: no need to compare a 4 MB key letter by letter.
    return Math.abs(typed.length() - known.length()) <= allowed && distance(typed, known) <= allowed;
  }

  /** Levenshtein distance, ignoring case. */
  static int distance(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
