package ai.rodytech.healer.core.redact;

import java.util.Comparator;
import java.util.List;

/** Applies findings to a text: overlapping findings become one mask named after the most specific kind. */
final class Masking {
  private static final Comparator<Finding> ORDER =
      Comparator.comparingInt(Finding::start).thenComparing(Finding::kind).thenComparing(f -> -f.end());

  private Masking() {}

  /**
   * Replaces every finding by its kind's marker. Line breaks inside a finding are kept after the marker so
   * that line numbers (evidence lines) mean the same before and after.
   */
  static String apply(String text, List<Finding> findings) {
    if (findings.isEmpty()) {
      return text;
    }
    findings.sort(ORDER);
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int i = 0;
    while (i < findings.size()) {
      Finding first = findings.get(i);
      int end = first.end();
      SecretKind kind = first.kind();
      for (i++; i < findings.size() && findings.get(i).start() < end; i++) {
        end = Math.max(end, findings.get(i).end());
        if (findings.get(i).kind().compareTo(kind) < 0) {
          kind = findings.get(i).kind();
        }
      }
      out.append(text, copied, first.start()).append(kind.marker());
      for (int c = first.start(); c < end; c++) {
        char ch = text.charAt(c);
        if (ch == '\n' || ch == '\r') {
          out.append(ch);
        }
      }
      copied = end;
    }
    return out.append(text, copied, text.length()).toString();
  }
}
