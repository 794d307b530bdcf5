package ai.rodytech.healer.core.redact;

import java.util.Locale;
import java.util.Set;

/**
 * Values that stand for a secret without being one: shell and template references, masks already applied
 * (by us or by the CI system, e.g. GitHub's {@code ***}), YAML block indicators, booleans. Leaving them makes
 * redaction idempotent and keeps scripts readable.
 */
final class Placeholders {
  private static final Set<String> WORDS = Set.of("true", "false", "null", "none", "nil", "yes", "no", "on", "off", "undefined");

  private Placeholders() {}

  static boolean isPlaceholder(CharSequence text, int start, int end) {
    if (end <= start) {
      return true;
    }
    char first = text.charAt(start);
    if ("$%<*[|>{".indexOf(first) >= 0) {
      return true;
    }
    return end - start <= 9 && WORDS.contains(text.subSequence(start, end).toString().toLowerCase(Locale.ROOT));
  }
}
