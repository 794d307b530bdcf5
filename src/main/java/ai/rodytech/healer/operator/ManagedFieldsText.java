package ai.rodytech.healer.operator;

import java.util.Arrays;

/**
 * Cuts objects' {@code metadata.managedFields} out of JSON text before it is parsed.
 *
 * <p>The operator's reader ignores managed fields ({@code OperatorClient.WithoutManagedFields}), but ignoring is
 * not skipping: Jackson still reads every token of them, and they are a third or more of a Job's or pod's watch
 * event. Worse, their list items are keyed by value ({@code "k:{\"uid\":\"...\"}"}, an owner's UID), so an
 * owner's first events bring field names Jackson has never seen, and each new name makes the parser copy the
 * mapper's whole table of names: 8–10 % of all the operator allocated in the loop benchmark. Cutting the text first
 * costs one pass over the characters up to the end of the managed fields; the text left is written into a
 * buffer the caller keeps ({@link #cut(String, char[])}), not into new strings, which cost the collector more than
 * the names they saved when an owner's events come four or five to a name.
 *
 * <p>Only a member named {@code managedFields} of an object that is the value of a member named {@code metadata}
 * is cut (objects' metadata, a list's items' included), found by following the text's structure: the same name
 * anywhere else, or inside a string, is left. Text that is not well-formed where the scan looks is returned as it
 * is, for the parser to report.
 */
final class ManagedFieldsText {
  private static final String KEY = "\"managedFields\":";
  private static final String METADATA = "metadata";
  /** Deeper than any Kubernetes object; deeper text is left as it is. */
  private static final int MAX_DEPTH = 64;

  private final String text;
  /** Per open container, from the outermost: whether it is an object, and whether it is a {@code metadata} value. */
  private final boolean[] object = new boolean[MAX_DEPTH];
  private final boolean[] metadata = new boolean[MAX_DEPTH];
  private int depth;
  /** In an object, whether the next string is a member's name. */
  private boolean expectName;
  /** Whether the last member name read is {@code metadata}. */
  private boolean lastNameMetadata;
  private int position;

  private ManagedFieldsText(String text) {
    this.text = text;
  }

  /**
   * Writes {@code json} without its objects' {@code metadata.managedFields} into {@code into} (at least as long as
   * {@code json}) and returns the length written; -1, and nothing written, when it has none to cut.
   */
  static int cut(String json, char[] into) {
    int[] cuts = cuts(json);
    if (cuts == null) {
      return -1;
    }
    int length = 0;
    int copied = 0;
    for (int i = 0; i < cuts.length && cuts[i] >= 0; i += 2) {
      json.getChars(copied, cuts[i], into, length);
      length += cuts[i] - copied;
      copied = cuts[i + 1];
    }
    json.getChars(copied, json.length(), into, length);
    return length + json.length() - copied;
  }

  /** The ranges to cut, as pairs of start and end, ended by -1 or the array's end; null when there are none. */
  private static int[] cuts(String json) {
    int at = json.indexOf(KEY);
    return at < 0 ? null : new ManagedFieldsText(json).cutsFrom(at);
  }

  private int[] cutsFrom(int first) {
    int[] cuts = null;
    int count = 0;
    for (int at = first; at >= 0; at = text.indexOf(KEY, position)) {
      if (!scanTo(at)) {
        return null;
      }
      if (position > at) {
        continue; // inside a string
      }
      if (!inMetadata()) {
        // the name elsewhere (or not a name): read past it as the scan would
        if (depth > 0 && object[depth - 1] && expectName) {
          lastNameMetadata = false;
        }
        position = at + KEY.length() - 1; // just after the name's closing quote
        continue;
      }
      int end = skipValue(at + KEY.length());
      if (end < 0) {
        return null;
      }
      // The member goes with one comma: the one before it, else the one after it (white space around them kept).
      int from = at;
      int to = end;
      int before = skipSpace(at - 1, -1);
      int after = skipSpace(end, 1);
      if (text.charAt(before) == ',') {
        from = before;
      } else if (after < text.length() && text.charAt(after) == ',') {
        to = after + 1;
      }
      if (cuts == null || count == cuts.length) {
        cuts = cuts == null ? new int[] {-1, -1} : Arrays.copyOf(cuts, count * 2);
        Arrays.fill(cuts, count, cuts.length, -1);
      }
      cuts[count++] = from;
      cuts[count++] = to;
      // Still in the metadata object, after one of its members (or before the next, the comma taken).
      position = to;
      expectName = to > end;
    }
    return cuts;
  }

  /** Whether the scan stands at a member's name in an object that is a {@code metadata} value. */
  private boolean inMetadata() {
    return depth > 0 && object[depth - 1] && metadata[depth - 1] && expectName;
  }

  /**
   * Follows the structure from {@link #position} until it stands at or past {@code target} (past it when the
   * target is inside a string); false when the text is not what the scan can follow.
   */
  private boolean scanTo(int target) {
    while (position < target) {
      char c = text.charAt(position);
      switch (c) {
        case '"' -> {
          int end = endOfString(position);
          if (end < 0) {
            return false;
          }
          if (depth > 0 && object[depth - 1] && expectName) {
            lastNameMetadata = end - position - 2 == METADATA.length()
                && text.startsWith(METADATA, position + 1);
          }
          position = end;
          continue;
        }
        case ':' -> expectName = false;
        case ',' -> expectName = depth > 0 && object[depth - 1];
        case '{', '[' -> {
          if (depth == MAX_DEPTH) {
            return false;
          }
          boolean isObject = c == '{';
          boolean valueOfMetadata = depth > 0 && object[depth - 1] && !expectName && lastNameMetadata;
          object[depth] = isObject;
          metadata[depth] = isObject && valueOfMetadata;
          depth++;
          expectName = isObject;
          lastNameMetadata = false;
        }
        case '}', ']' -> {
          if (depth == 0) {
            return false;
          }
          depth--;
          expectName = false;
          lastNameMetadata = false;
        }
        default -> {
          // white space, numbers, true, false, null
        }
      }
      position++;
    }
    return true;
  }

  /** The first index from {@code i} on, in {@code step}'s direction, that is not white space (or the text's end). */
  private int skipSpace(int i, int step) {
    while (i >= 0 && i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i += step;
    }
    return i;
  }

  /** The index just after the string that opens at {@code quote}; -1 when it does not end. */
  private int endOfString(int quote) {
    for (int i = quote + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The index just after the value (an array or object) that starts at {@code start}; -1 when it is not one. */
  private int skipValue(int start) {
    int i = start;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    if (i == text.length() || (text.charAt(i) != '[' && text.charAt(i) != '{')) {
      return -1;
    }
    int open = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        i = endOfString(i);
        if (i < 0) {
          return -1;
        }
        continue;
      }
      if (c == '[' || c == '{') {
        open++;
      } else if (c == ']' || c == '}') {
        open--;
        if (open == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return -1;
  }
}
