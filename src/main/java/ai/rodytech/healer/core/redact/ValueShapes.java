package ai.rodytech.healer.core.redact;

/**
 * Tests on a value found only by its context (a word in prose, a URL's user), which is masked only when it
 * looks generated rather than written: letters and digits mixed, no path, no placeholder, not a timestamp,
 * and enough distinct characters.
 */
final class ValueShapes {
  /** Bits per character below which a value reads as a word or a counter, not as a generated secret. */
  private static final double MIN_ENTROPY = 2.5;

  private ValueShapes() {}

  /** A password or token stated in prose: "the password is Tr0ub4dor&3", "use token 4da7b9e0...". */
  static boolean looksLikeSecret(String value) {
    return value.length() >= 6 && mixed(value) && !referenceLike(value) && entropy(value) >= MIN_ENTROPY;
  }

  /** A token written as a URL's user (https://TOKEN@host): long, mixed and random. */
  static boolean looksLikeToken(String value) {
    return value.length() >= 20 && mixed(value) && entropy(value) >= 3.0;
  }

  /** Letters and digits mixed: words, names (db-credentials) and plain numbers are not secrets. */
  private static boolean mixed(String value) {
    boolean letter = false;
    boolean digit = false;
    int dateSigns = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      letter |= Character.isLetter(c);
      digit |= c >= '0' && c <= '9';
      if ("-:.TZ0123456789".indexOf(c) >= 0) {
        dateSigns++;
      }
    }
    // 2024-05-14T09:12:03Z and 1.2.3 are made of digits and separators only.
    return letter && digit && dateSigns < value.length();
  }

  /** Paths, URLs, variables and file names refer to a secret; they are not one. */
  private static boolean referenceLike(String value) {
    char first = value.charAt(0);
    return "/~.$%{<[".indexOf(first) >= 0 || value.contains("://") || value.contains("/");
  }

  /** Shannon entropy of the characters, in bits per character. */
  static double entropy(String value) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double bits = 0;
    double n = value.length();
    for (int count : counts) {
      if (count > 0) {
        bits -= count / n * (Math.log(count / n) / Math.log(2));
      }
    }
    if (other > 0) {
      bits -= other / n * (Math.log(other / n) / Math.log(2));
    }
    return bits;
  }
}
