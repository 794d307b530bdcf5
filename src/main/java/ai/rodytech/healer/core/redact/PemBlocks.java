package ai.rodytech.healer.core.redact;

import java.util.function.Consumer;

/**
 * Finds PEM private keys, which span lines, by plain scanning instead of a regular expression (a lazy
 * "BEGIN ... END" pattern is quadratic on many BEGINs without an END). Handles the whole block, a block cut
 * off at its end (BEGIN without END) and one cut off at its start (a log tail that begins inside the key),
 * with real line breaks or JSON-escaped ones ({@code \n}).
 */
final class PemBlocks {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  private static final int MAX_LABEL = 48;
  /** Longest block accepted as one BEGIN..END pair; an RSA-8192 key in PEM is about 6.5 KB. */
  private static final int MAX_BLOCK = 64 * 1024;

  private PemBlocks() {}

  static void find(String text, Consumer<Finding> sink) {
    int covered = 0;
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    while (begin >= 0 || end >= 0) {
      boolean atBegin = begin >= 0 && (end < 0 || begin < end);
      int at = atBegin ? begin : end;
      int labelStart = at + (atBegin ? BEGIN.length() : END.length());
      int labelEnd = labelEnd(text, labelStart);
      if (labelEnd >= 0 && isPrivateKeyLabel(text, labelStart, labelEnd)) {
        int markerEnd = labelEnd + DASHES.length();
        int start = atBegin ? at : bodyStart(text, at, covered);
        covered = atBegin ? blockEnd(text, at, markerEnd, end) : markerEnd;
        sink.accept(new Finding(start, covered, SecretKind.PRIVATE_KEY));
      }
      int from = Math.max(at + 1, covered);
      if (begin >= 0 && begin < from) {
        begin = text.indexOf(BEGIN, from);
      }
      if (end >= 0 && end < from) {
        end = text.indexOf(END, from);
      }
    }
  }

  /** Where a block that begins at begin stops: after its END line, or after its base64 lines when cut off. */
  private static int blockEnd(String text, int begin, int markerEnd, int nextEnd) {
    if (nextEnd >= 0 && nextEnd - begin <= MAX_BLOCK) {
      int labelEnd = labelEnd(text, nextEnd + END.length());
      if (labelEnd >= 0 && isPrivateKeyLabel(text, nextEnd + END.length(), labelEnd)) {
        return labelEnd + DASHES.length();
      }
    }
    return bodyEnd(text, markerEnd);
  }

  /** Index of the "-----" closing a BEGIN/END label that starts at from, or -1. */
  private static int labelEnd(String text, int from) {
    int limit = Math.min(text.length(), from + MAX_LABEL);
    for (int i = from; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '-') {
        return text.startsWith(DASHES, i) ? i : -1;
      }
      if (!(c == ' ' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isPrivateKeyLabel(String text, int from, int to) {
    int at = text.indexOf("PRIVATE KEY", from);
    return at >= 0 && at < to;
  }

  /** End of the key body after a BEGIN line when no END follows: the run of base64-only lines. */
  private static int bodyEnd(String text, int from) {
    int i = from;
    int bodyEnd = from;
    while (i < text.length()) {
      int lineBreak = lineBreakLength(text, i);
      if (lineBreak > 0 || isBlank(text.charAt(i))) {
        i += Math.max(1, lineBreak);
        continue;
      }
      int run = i;
      while (run < text.length() && isBase64(text.charAt(run))) {
        run++;
      }
      int after = run;
      while (after < text.length() && isBlank(text.charAt(after))) {
        after++;
      }
      boolean wholeLine = after == text.length() || lineBreakLength(text, after) > 0;
      if (!wholeLine || !looksLikeBody(text, i, run)) {
        return bodyEnd;
      }
      bodyEnd = run;
      i = after;
    }
    return bodyEnd;
  }

  /** Start of the key body before an END line when no BEGIN precedes it: the run of base64-only lines. */
  private static int bodyStart(String text, int end, int floor) {
    int i = end;
    int bodyStart = end;
    while (i > floor) {
      int lineBreak = lineBreakLengthBefore(text, i);
      if (lineBreak > 0 || isBlank(text.charAt(i - 1))) {
        i -= Math.max(1, lineBreak);
        continue;
      }
      int run = i;
      while (run > floor && isBase64(text.charAt(run - 1)) && lineBreakLengthBefore(text, run) == 0) {
        run--;
      }
      int before = run;
      while (before > floor && isBlank(text.charAt(before - 1))) {
        before--;
      }
      boolean wholeLine = before == floor || lineBreakLengthBefore(text, before) > 0;
      // The line right before END is the body's last and may be short; earlier ones are full lines.
      if (!wholeLine || run == i || (bodyStart != end && !looksLikeBody(text, run, i))) {
        return bodyStart;
      }
      bodyStart = run;
      i = before;
    }
    return bodyStart;
  }

  /** A full base64 line, not a short word such as "OK" or "Done". */
  private static boolean looksLikeBody(String text, int from, int to) {
    return to - from >= 16 || (to > from && text.charAt(to - 1) == '=');
  }

  /** Length of a line break at i: a real one, or a JSON-escaped one (backslash n / backslash r). */
  private static int lineBreakLength(String text, int i) {
    char c = text.charAt(i);
    if (c == '\n' || c == '\r') {
      return 1;
    }
    if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == 'n' || text.charAt(i + 1) == 'r')) {
      return 2;
    }
    return 0;
  }

  /** Length of a line break that ends just before i. */
  private static int lineBreakLengthBefore(String text, int i) {
    char c = text.charAt(i - 1);
    if (c == '\n' || c == '\r') {
      return 1;
    }
    return (c == 'n' || c == 'r') && i >= 2 && text.charAt(i - 2) == '\\' ? 2 : 0;
  }

  private static boolean isBase64(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
