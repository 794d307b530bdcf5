package ai.rodytech.healer.api;

/**
 * How a problem message shows what the user wrote: in full when short, else a short prefix and the length,
 * so that a 12 MB value is not echoed back (and a secret pasted by mistake is not printed whole).
 */
final class Quoted {
  /** Longest value shown whole. */
  static final int MAX_SHOWN = 64;
  private static final int PREFIX = 40;

  private Quoted() {}

  /** "value", or "first 40 characters..." (N characters). */
  static String value(String text) {
    if (text.length() <= MAX_SHOWN) {
      return "\"" + text + "\"";
    }
    return "\"" + prefix(text) + "...\" (" + text.length() + " characters)";
  }

  /** A key in a field path: as written when short, else its prefix and "...". */
  static String key(String name) {
    return name.length() <= MAX_SHOWN ? name : prefix(name) + "...";
  }

  /** The first characters, not splitting a surrogate pair. */
  private static String prefix(String text) {
    int end = Character.isHighSurrogate(text.charAt(PREFIX - 1)) ? PREFIX - 1 : PREFIX;
    return text.substring(0, end);
  }
}
