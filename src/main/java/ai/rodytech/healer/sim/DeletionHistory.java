package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest deletions of each kind of object, so that a watch from an older resourceVersion hears them, as an API
 * server's watch cache tells a re-opened watch what was deleted meanwhile. A kind keeps its last {@code perKind}
 * deletions; a watch from before the oldest one kept may have missed others, and is answered 410 (Expired), as a
 * real server answers a version its cache no longer covers. Written under the store's write lock, read under its
 * read lock ({@link SimulatedApiDispatcher}).
 */
final class DeletionHistory {
  /** One deletion: the version it happened at, the key the object was stored under, its last state. */
  record Deleted(long version, AttributeSet key, String json) {}

  private final int perKind;
  private final Map<Attribute, ArrayDeque<Deleted>> byKind = new HashMap<>();
  /** Per kind, the version of the newest deletion no longer kept. */
  private final Map<Attribute, Long> forgotten = new ConcurrentHashMap<>();

  DeletionHistory(int perKind) {
    this.perKind = perKind;
  }

  void deleted(AttributeSet key, long version, String json) {
    Attribute kind = key.getAttribute(KubernetesAttributesExtractor.PLURAL);
    if (kind == null) {
      return;
    }
    ArrayDeque<Deleted> kept = byKind.computeIfAbsent(kind, k -> new ArrayDeque<>());
    kept.addLast(new Deleted(version, key, json));
    if (kept.size() > perKind) {
      forgotten.put(kind, kept.removeFirst().version());
    }
  }

  /**
   * Whether a watch selecting {@code selection} from version {@code from} may have missed a deletion this history
   * no longer keeps.
   */
  boolean forgottenAfter(AttributeSet selection, long from) {
    Attribute kind = selection.getAttribute(KubernetesAttributesExtractor.PLURAL);
    return kind != null && forgotten.getOrDefault(kind, 0L) > from;
  }

  /** The deletions after version {@code from} of objects {@code selection} takes, oldest first. */
  List<Deleted> since(AttributeSet selection, long from) {
    Attribute kind = selection.getAttribute(KubernetesAttributesExtractor.PLURAL);
    List<Deleted> found = new ArrayList<>();
    for (Deleted deleted : byKind.getOrDefault(kind, new ArrayDeque<>())) {
      if (deleted.version() > from && deleted.key().matches(selection)) {
        found.add(deleted);
      }
    }
    return found;
  }
}
