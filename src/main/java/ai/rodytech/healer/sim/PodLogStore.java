package ai.rodytech.healer.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container logs the simulated kubelet "wrote", served by the cluster's pod log endpoint: the current
 * instance of each container and, once it restarted in place, the previous one (what {@code previous=true}
 * reads).
 */
public final class PodLogStore {

  private record Key(String namespace, String pod, String container) {}

  private final Map<Key, String> logs = new ConcurrentHashMap<>();
  private final Map<Key, String> previous = new ConcurrentHashMap<>();

  /** Sets the whole log of a container. */
  public void put(String namespace, String pod, String container, String text) {
    logs.put(new Key(namespace, pod, container), text);
  }

  /** Adds text to the end of a container's log. */
  public void append(String namespace, String pod, String container, String text) {
    logs.merge(new Key(namespace, pod, container), text, String::concat);
  }

  /** The whole log of a container, if it wrote one. */
  public Optional<String> get(String namespace, String pod, String container) {
    return Optional.ofNullable(logs.get(new Key(namespace, pod, container)));
  }

  /**
   * A container restarted in place: its current log becomes the previous instance's, and {@code text} the new
   * instance's.
   */
  public void restart(String namespace, String pod, String container, String text) {
    Key key = new Key(namespace, pod, container);
    String last = logs.put(key, text);
    previous.put(key, last == null ? "" : last);
  }

  /** The log of the container's previous instance, if it restarted. */
  public Optional<String> previous(String namespace, String pod, String container) {
    return Optional.ofNullable(previous.get(new Key(namespace, pod, container)));
  }

  /** Drops the logs of every container of a pod. */
  public void removePod(String namespace, String pod) {
    logs.keySet().removeIf(k -> k.namespace().equals(namespace) && k.pod().equals(pod));
    previous.keySet().removeIf(k -> k.namespace().equals(namespace) && k.pod().equals(pod));
  }

  /** Number of container logs held (current and previous instances). */
  public int size() {
    return logs.size() + previous.size();
  }

  /**
   * The bytes the kubelet returns for a log: the last {@code tailLines} lines (all when null), then at most the
   * first {@code limitBytes} bytes of that selection (all when null), as the API's limitBytes "number of bytes
   * to read from the server before terminating the log output" does. The cut may split a line or a character,
   * as the real one may.
   */
  public static byte[] select(String log, Long tailLines, Long limitBytes) {
    byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
    int start = tailLines == null ? 0 : tailStart(bytes, tailLines);
    int end = bytes.length;
    if (limitBytes != null && limitBytes < end - start) {
      end = start + (int) Math.max(0, limitBytes);
    }
    return Arrays.copyOfRange(bytes, start, end);
  }

  private static int tailStart(byte[] bytes, long lines) {
    if (lines <= 0) {
      return bytes.length;
    }
    // A final newline ends the last line; it does not start an empty one.
    int i = bytes.length - 1;
    if (i >= 0 && bytes[i] == '\n') {
      i--;
    }
    long seen = 0;
    for (; i >= 0; i--) {
      if (bytes[i] == '\n' && ++seen == lines) {
        return i + 1;
      }
    }
    return 0;
  }
}
