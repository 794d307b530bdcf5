package ai.rodytech.healer.core.redact;

/** The text being redacted, with an ASCII-lower-cased copy (same length) made on first need. */
final class ScanText {
  private final String text;
  private String lower;

  ScanText(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  /** Lower-cases A-Z only, so that every index in the copy is the same index in the text. */
  String lower() {
    if (lower == null) {
      char[] chars = text.toCharArray();
      for (int i = 0; i < chars.length; i++) {
        if (chars[i] >= 'A' && chars[i] <= 'Z') {
          chars[i] = (char) (chars[i] + ('a' - 'A'));
        }
      }
      lower = new String(chars);
    }
    return lower;
  }
}
