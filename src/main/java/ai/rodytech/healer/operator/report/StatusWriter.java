package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.operator.ApiCalls;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Read-modify-write of a custom resource's status with optimistic locking: applies the edit to the latest
 * copy, writes only when the status changed, and starts over from a fresh read when another writer got there
 * first (409). Every status the healer writes goes through here, so counts are never lost or counted twice.
 *
 * <p>The healer is the only writer of these statuses (one leader), so the copy its own last write returned is
 * almost always the latest one: the writer remembers it and edits it without reading first. The API server
 * still decides: a write from a stale copy carries a stale resourceVersion and is refused with 409, and the
 * edit is then done again on a fresh read. An edit that changes nothing on a remembered copy is also judged
 * again on a fresh read, so "nothing to do" is never decided on a copy that might be stale.
 *
 * <p>One write of a resource at a time: edits that arrive meanwhile are applied together in the next write
 * (group commit), so the operator's own threads never conflict with each other.
 */
public final class StatusWriter<R extends CustomResource<?, S>, S> {
  /** Conflicts with other writers (a person, an old leader still finishing) tolerated before giving up. */
  private static final int ATTEMPTS = 40;
  /** Resources whose last written copy is kept: enough for the incidents and policies in flight at once. */
  static final int REMEMBERED = 1024;
  /** Locks by resource, striped: a write of one resource at a time, different resources rarely wait. */
  private static final int STRIPES = 256;

  private final KubernetesClient client;
  private final ApiCalls api;
  /** The client's own JSON (the operator's client shares repeated strings and skips managed fields). */
  private final KubernetesSerialization json;
  private final Class<R> type;
  private final Supplier<S> emptyStatus;
  private final ReentrantLock[] stripeLocks = stripes();
  /** The batch of each resource still taking edits (guarded by itself). */
  private final Map<String, Batch<R>> open = new HashMap<>();
  private final Map<String, String> lastWritten = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED;
    }
  };

  public StatusWriter(KubernetesClient client, Class<R> type, Supplier<S> emptyStatus) {
    this.client = client;
    this.api = ApiCalls.of(client);
    this.json = client.getKubernetesSerialization();
    this.type = type;
    this.emptyStatus = emptyStatus;
  }

  /**
   * Applies the edit to the latest status; returns the resource as written, or empty if it is gone. Edits of one
   * resource that arrive while a write of it is in flight are applied together, in arrival order, in the next
   * write (group commit): a burst of failures of one pipeline costs a few policy writes instead of one each and
   * no conflicts between the operator's own threads. Each caller returns once the write holding its edit is done.
   */
  public Optional<R> edit(String namespace, String name, Consumer<R> edit) {
    String key = key(namespace, name);
    Batch<R> batch;
    synchronized (open) {
      batch = open.computeIfAbsent(key, k -> new Batch<>());
      batch.edits.add(edit);
    }
    ReentrantLock lock = stripeLocks[Math.floorMod(key.hashCode(), STRIPES)];
    lock.lock();
    try {
      if (!batch.done) {
        synchronized (open) {
          open.remove(key, batch); // closed: edits from now on go to the next batch
        }
        try {
          batch.result = write(namespace, name, batch.edits);
        } catch (RuntimeException e) {
          batch.failure = e;
        }
        batch.done = true;
      }
    } finally {
      lock.unlock();
    }
    if (batch.failure != null) {
      throw batch.failure;
    }
    return batch.result;
  }

  /** The edits of one resource that go into one write; read and written under the resource's stripe lock. */
  private static final class Batch<R> {
    final List<Consumer<R>> edits = new ArrayList<>();
    boolean done;
    Optional<R> result = Optional.empty();
    RuntimeException failure;
  }

  private Optional<R> write(String namespace, String name, List<Consumer<R>> edits) {
    String rememberedJson = recallJson(namespace, name);
    for (int attempt = 1; ; attempt++) {
      boolean fromMemory = rememberedJson != null;
      R latest = fromMemory
          ? json.unmarshal(rememberedJson, type)
          : client.resources(type).inNamespace(namespace).withName(name).get();
      if (latest == null) {
        forget(namespace, name);
        return Optional.empty();
      }
      boolean hadStatus = latest.getStatus() != null;
      if (!hadStatus) {
        latest.setStatus(emptyStatus.get());
      }
      // "Changed?" compares the whole resource as JSON (edits change only the status). A remembered copy is JSON
      // already: its text is the "before", so a write from memory serializes once, not twice. (Were a round trip
      // through JSON ever not to give the same text, that would cost a write, never miss one.)
      String before = fromMemory && hadStatus ? rememberedJson : json.asJson(latest);
      rememberedJson = null;
      for (Consumer<R> edit : edits) {
        edit.accept(latest);
      }
      String after = json.asJson(latest);
      if (before.equals(after)) {
        if (fromMemory) {
          continue; // judge "nothing to do" on the stored copy, not on a remembered one
        }
        return Optional.of(latest);
      }
      try {
        // The server's copy is the one sent with a new resourceVersion (a status write changes nothing else that
        // the healer reads), so only the version is read from the answer, not the whole resource.
        Optional<String> version = api.replaceStatus(ApiCalls.collection(type, namespace) + "/" + name + "/status",
            after);
        latest.getMetadata().setResourceVersion(version.orElse(null));
        remember(latest);
        return Optional.of(latest);
      } catch (KubernetesClientException e) {
        forget(namespace, name);
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return Optional.empty();
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
          throw e;
        }
        backOff(attempt);
      }
    }
  }

  /** After a few conflicts in a row, a short random pause, so that writers of one resource stop colliding. */
  private static void backOff(int attempt) {
    if (attempt < 3) {
      return;
    }
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L * Math.min(attempt, 20)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing a status", e);
    }
  }

  /** The copy of a resource this writer last wrote or created, if it still remembers one. */
  public Optional<R> lastWritten(String namespace, String name) {
    return Optional.ofNullable(recall(namespace, name));
  }

  /**
   * Remembers a copy the API server just returned (after a create or a write), so the next edit need not read
   * it. A copy without a resourceVersion cannot be told apart from a stale one: the resource is forgotten instead.
   */
  public void remember(R resource) {
    if (resource == null || resource.getMetadata() == null) {
      return;
    }
    String key = key(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    String text = resource.getMetadata().getResourceVersion() == null ? null : json.asJson(resource);
    synchronized (lastWritten) {
      if (text == null) {
        lastWritten.remove(key);
      } else {
        lastWritten.put(key, text);
      }
    }
  }

  private R recall(String namespace, String name) {
    String text = recallJson(namespace, name);
    // A copy of its own for each caller: two edits of one resource at once must not share an object.
    return text == null ? null : json.unmarshal(text, type);
  }

  private String recallJson(String namespace, String name) {
    synchronized (lastWritten) {
      return lastWritten.get(key(namespace, name));
    }
  }

  public void forget(String namespace, String name) {
    synchronized (lastWritten) {
      lastWritten.remove(key(namespace, name));
    }
  }

  private static ReentrantLock[] stripes() {
    ReentrantLock[] locks = new ReentrantLock[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    return locks;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
