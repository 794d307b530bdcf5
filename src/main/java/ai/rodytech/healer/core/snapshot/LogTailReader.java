package ai.rodytech.healer.core.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the bounded end of a log file or stream into a {@link LogTail}, whatever the log's size.
 *
 * <p>Memory is O(tail): a file is read from its end with random access (the part before the tail is only
 * streamed through a fixed buffer to count its lines); a stream is passed through a fixed ring buffer. So a
 * 1 GB log needs the same heap as a 1 MB one.
 */
public final class LogTailReader {

  /** Most bytes of a log ever kept: enough for the last few thousand lines of a CI job. */
  public static final int DEFAULT_MAX_BYTES = 512 * 1024;

  /** Most lines ever kept: the error that ended a run sits in its last lines, not its first. */
  public static final int DEFAULT_MAX_LINES = 5000;

  private static final int COUNT_BUFFER = 64 * 1024;

  private final int maxBytes;
  private final int maxLines;

  public LogTailReader() {
    this(DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES);
  }

  public LogTailReader(int maxBytes, int maxLines) {
    if (maxBytes < 1 || maxLines < 1) {
      throw new IllegalArgumentException("maxBytes and maxLines must be positive");
    }
    this.maxBytes = maxBytes;
    this.maxLines = maxLines;
  }

  /** The tail of a file, with the absolute line number of its first line. */
  public LogTail read(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long size = raf.length();
      int length = (int) Math.min(size, maxBytes);
      long start = size - length;
      byte[] bytes = new byte[length];
      raf.seek(start);
      raf.readFully(bytes);
      long linesBefore = countNewlines(raf, start);
      return toTail(bytes, length, start > 0, linesBefore, file.toString());
    }
  }

  /** The tail of a stream read to its end (e.g. stdin); line numbers count every line that passed. */
  public LogTail read(InputStream in, String source) throws IOException {
    byte[] ring = new byte[maxBytes];
    byte[] chunk = new byte[COUNT_BUFFER];
    long total = 0;
    long newlinesDropped = 0;
    int pos = 0;
    int n;
    while ((n = in.read(chunk)) > 0) {
      int offset = 0;
      while (offset < n) {
        int k = Math.min(maxBytes - pos, n - offset);
        if (total >= maxBytes) {
          newlinesDropped += count(ring, pos, pos + k);
        }
        System.arraycopy(chunk, offset, ring, pos, k);
        pos = (pos + k) % maxBytes;
        total += k;
        offset += k;
      }
    }
    int length = (int) Math.min(total, maxBytes);
    byte[] bytes = new byte[length];
    if (total <= maxBytes) {
      System.arraycopy(ring, 0, bytes, 0, length);
    } else {
      System.arraycopy(ring, pos, bytes, 0, maxBytes - pos);
      System.arraycopy(ring, 0, bytes, maxBytes - pos, pos);
    }
    return toTail(bytes, length, total > maxBytes, newlinesDropped, source);
  }

  private static long countNewlines(RandomAccessFile raf, long end) throws IOException {
    byte[] buffer = new byte[COUNT_BUFFER];
    long count = 0;
    raf.seek(0);
    long remaining = end;
    while (remaining > 0) {
      int n = raf.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        break;
      }
      count += count(buffer, 0, n);
      remaining -= n;
    }
    return count;
  }

  /**
   * Cuts the bytes to whole lines and at most maxLines. A tail that starts inside a line drops that partial
   * line, so every line kept is whole and its number is exact; except when the tail holds no line break at all:
   * then the last line alone is longer than the budget and its end is kept, since the end is where an error is.
   */
  private LogTail toTail(byte[] bytes, int length, boolean cutAtStart, long newlinesBefore, String source) {
    int from = 0;
    long firstLine = newlinesBefore + 1;
    int lastContentEnd = length > 0 && bytes[length - 1] == '\n' ? length - 1 : length;
    if (cutAtStart) {
      int newline = indexOf(bytes, (byte) '\n', 0, lastContentEnd);
      if (newline >= 0) {
        from = newline + 1;
        firstLine++;
      } else {
        from = firstCharacterStart(bytes, 0, lastContentEnd);
      }
    }
    int to = length;
    int lines = 0;
    int cut = from;
    for (int i = lastContentEnd - 1; i >= from; i--) {
      if (bytes[i] == '\n' && ++lines >= maxLines) {
        cut = i + 1;
        break;
      }
    }
    for (int i = from; i < cut; i++) {
      if (bytes[i] == '\n') {
        firstLine++;
      }
    }
    boolean truncated = cutAtStart || cut > from;
    String text = decode(bytes, cut, to - cut);
    String description = String.format(
        "%s (last %d bytes / %d lines at most)", source, maxBytes, maxLines);
    return new LogTail(text, firstLine, truncated, description);
  }

  /** Skips UTF-8 continuation bytes, so a line cut in the middle of a character starts at a whole one. */
  private static int firstCharacterStart(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to && (bytes[i] & 0xC0) == 0x80) {
      i++;
    }
    return i;
  }

  private static long count(byte[] bytes, int from, int to) {
    long count = 0;
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        count++;
      }
    }
    return count;
  }

  private static int indexOf(byte[] bytes, byte value, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static String decode(byte[] bytes, int offset, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(java.nio.ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("UTF-8 decoding with replacement cannot fail", e);
    }
  }
}
