package ai.rodytech.healer.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer's store that keeps its newest {@code full} objects as their slim copies and every older one as a
 * stub: its metadata only (name, namespace, UID, version, labels, owners, so that the informer's indexes stay as
 * they were), marked {@link #STUB}. The pods and TaskRuns of finished runs are nearly all of what the evidence
 * watches hold and none of what a heal needs, which reads the objects of a run that has just ended: with every
 * object kept whole, the loop benchmark's three kinds left the operator a live heap of 289 MiB of its 384, and it
 * spent more time collecting than healing. A reader that finds a stub among a run's objects takes the cache as
 * not knowing the run and asks the API server.
 *
 * <p>"Newest" is by resourceVersion, the order in which the API server wrote the objects: a watch brings them in
 * that order, and a list (the informer's first, or a relist when its watch expires) in the API server's order, by
 * name, where the store still ranks them by version, so after a start the objects written last are the ones kept
 * whole. (Until the fourteenth session the store ranked by arrival: after a start the newest objects could be the
 * stubs, and their runs were listed until they changed again.) A version that is not a number (the API says to
 * treat it as opaque; every server's is etcd's revision) ranks as the newest. An object written again at the same
 * version stays what it was. Called by the informer under its cache's lock for writes; reads may come from any
 * thread.
 *
 * @param <R> the kind of object stored
 */
public final class BoundedItemStore<R extends HasMetadata> implements ItemStore<R> {
  /** The annotation (only in this cache, never written to the cluster) that marks a stub. */
  public static final String STUB = "rodytech.ai/cache-stub";
  /** Objects kept whole by default: more than a burst of 1,000 failing runs and their corrective runs hold. */
  public static final int FULL = 4096;

  private final UnaryOperator<R> slim;
  private final UnaryOperator<R> blank;
  private final int full;
  private final ConcurrentHashMap<String, R> store = new ConcurrentHashMap<>();
  /** The objects kept whole, least recently written (lowest version) first. */
  private final TreeSet<Rank> newest = new TreeSet<>(
      Comparator.comparingLong(Rank::version).thenComparingLong(Rank::arrival));
  /** The rank of each object kept whole. */
  private final Map<String, Rank> ranks = new HashMap<>();
  private long arrivals;

  /** Where an object kept whole stands: its version, then the order it arrived in. */
  private record Rank(long version, long arrival, String key) {}

  /**
   * @param slim what is kept of an object while it is among the newest
   * @param blank an empty object of the same kind (apiVersion and kind set) for a stub to be made from
   * @param full how many objects are kept whole
   */
  public BoundedItemStore(UnaryOperator<R> slim, UnaryOperator<R> blank, int full) {
    this.slim = slim;
    this.blank = blank;
    this.full = full;
  }

  /** Whether a cached object is a stub: only its metadata is known. */
  public static boolean isStub(HasMetadata object) {
    return Optional.ofNullable(object.getMetadata().getAnnotations()).map(a -> a.containsKey(STUB)).orElse(false);
  }

  /** The objects found, or null when one is a stub (the cache does not know them all). */
  public static <T extends HasMetadata> List<T> whole(List<T> found) {
    return found.stream().anyMatch(BoundedItemStore::isStub) ? null : found;
  }

  @Override
  public String getKey(R object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public synchronized R put(String key, R object) {
    R stored = store.get(key);
    if (stored != null && isStub(stored) && Objects.equals(stored.getMetadata().getResourceVersion(),
        object.getMetadata().getResourceVersion())) {
      // The same version again (a relist after the watch expired): it stays a stub, among the oldest.
      return stored;
    }
    R previous = store.put(key, Compact.compact(slim.apply(object)));
    forget(key);
    Rank rank = new Rank(version(object), arrivals++, key);
    newest.add(rank);
    ranks.put(key, rank);
    while (newest.size() > full) {
      Rank stale = newest.pollFirst();
      ranks.remove(stale.key());
      store.computeIfPresent(stale.key(), (k, kept) -> stub(kept));
    }
    return previous;
  }

  private void forget(String key) {
    Rank rank = ranks.remove(key);
    if (rank != null) {
      newest.remove(rank);
    }
  }

  private static long version(HasMetadata object) {
    try {
      return Long.parseLong(object.getMetadata().getResourceVersion());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private R stub(R object) {
    R stub = blank.apply(object);
    stub.setMetadata(Slim.metadata(object.getMetadata()).withAnnotations(Map.of(STUB, "true")).build());
    return Compact.compact(stub);
  }

  @Override
  public synchronized R remove(String key) {
    forget(key);
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet().stream();
  }

  @Override
  public Stream<R> values() {
    return store.values().stream();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public R get(String key) {
    return store.get(key);
  }

  /** Not the objects as the API server has them: slim copies and stubs. */
  @Override
  public boolean isFullState() {
    return false;
  }
}
