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
 * The latest deletions of each kind of object, and the latest changes that moved an object out of a selection (its
 * labels changed), so that a watch from an older resourceVersion hears them, as an API server's watch cache tells a
 * re-opened watch what was deleted meanwhile, and tells a watch with a label selector of an object that no longer
 * matches as DELETED. A kind keeps its last {@code perKind} of both together; a watch from before the oldest one
 * kept may have missed others, and is answered 410 (Expired), as a real server answers a version its cache no
 * longer covers. Written under the store's write lock, read under its read lock ({@link SimulatedApiDispatcher}).
 */
final class DeletionHistory {
  /**
   * One deletion or move: the version it happened at, the key the object was stored under before, its key after
   * (null for a deletion), its state then.
   */
  record Deleted(long version, AttributeSet key, AttributeSet after, String json) {
    Deleted(long version, AttributeSet key, String json) {
      this(version, key, null, json);
    }

    /** Whether a watch selecting {@code selection} saw the object go: it took the object before, not after. */
    boolean goneFrom(AttributeSet selection) {
      return key.matches(selection) && (after == null || !after.matches(selection));
    }
  }

  private final int perKind;
  private final Map<Attribute, ArrayDeque<Deleted>> byKind = new HashMap<>();
  /** Per kind, the version of the newest deletion no longer kept. */
  private final Map<Attribute, Long> forgotten = new ConcurrentHashMap<>();

  DeletionHistory(int perKind) {
    this.perKind = perKind;
  }

  void deleted(AttributeSet key, long version, String json) {
    keep(new Deleted(version, key, json));
  }

  /**
   * An update that stored the object under another key ({@code before} to {@code after}, e.g. a label changed): a
   * watch whose selection took {@code before} and not {@code after} hears it as DELETED.
   */
  void moved(AttributeSet before, AttributeSet after, long version, String json) {
    keep(new Deleted(version, before, after, json));
  }

  private void keep(Deleted gone) {
    Attribute kind = gone.key().getAttribute(KubernetesAttributesExtractor.PLURAL);
    if (kind == null) {
      return;
    }
    ArrayDeque<Deleted> kept = byKind.computeIfAbsent(kind, k -> new ArrayDeque<>());
    kept.addLast(gone);
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

  /**
   * The deletions after version {@code from} of objects {@code selection} takes, and the moves after it of objects
   * out of the selection, oldest first.
   */
  List<Deleted> since(AttributeSet selection, long from) {
    Attribute kind = selection.getAttribute(KubernetesAttributesExtractor.PLURAL);
    List<Deleted> found = new ArrayList<>();
    for (Deleted deleted : byKind.getOrDefault(kind, new ArrayDeque<>())) {
      if (deleted.version() > from && deleted.goneFrom(selection)) {
        found.add(deleted);
      }
    }
    return found;
  }
}
