package ai.rodytech.healer.operator.observe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last N bytes of a stream in flat memory. The buffer grows with what is read up to N (most logs are a
 * few kilobytes: a read does not allocate the whole limit), then wraps around.
 */
final class TailBuffer {
  private static final int FIRST = 8192;
  private final int capacity;
  private byte[] ring;
  private long total;

  TailBuffer(int capacity) {
    this.capacity = Math.max(1, capacity);
    this.ring = new byte[Math.min(this.capacity, FIRST)];
  }

  /** Room for {@code more} bytes: the buffer grows until it holds {@code capacity}, then wraps. */
  private void ensure(int more) {
    long needed = Math.min(capacity, total + more);
    if (needed > ring.length) {
      ring = java.util.Arrays.copyOf(ring, (int) Math.min(capacity, Math.max(needed, 2L * ring.length)));
    }
  }

  /** Reads until the end of the stream (true) or until {@code bound} bytes were read (false). */
  boolean readFrom(InputStream in, long bound) throws IOException {
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      ensure(n);
      for (int i = 0; i < n; i++) {
        ring[(int) (total++ % ring.length)] = chunk[i];
      }
      if (total > bound) {
        return false;
      }
    }
    return true;
  }

  /** Whether bytes were dropped from the start. */
  boolean dropped() {
    return total > capacity;
  }

  /** The kept bytes as UTF-8; a character cut at the start is dropped. */
  String text() {
    if (!dropped()) {
      return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
    }
    int start = (int) (total % ring.length);
    byte[] ordered = new byte[ring.length];
    System.arraycopy(ring, start, ordered, 0, ring.length - start);
    System.arraycopy(ring, 0, ordered, ring.length - start, start);
    int from = 0;
    while (from < ordered.length && (ordered[from] & 0xC0) == 0x80) {
      from++;
    }
    return new String(ordered, from, ordered.length - from, StandardCharsets.UTF_8);
  }
}
