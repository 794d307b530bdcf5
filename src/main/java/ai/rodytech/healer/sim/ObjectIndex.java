package ai.rodytech.healer.sim;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a stored object by group, resource, namespace and name in constant time, and the objects of one
 * resource in one namespace without looking at the others. The CRUD mock scans every stored object on each
 * write, named read and list, which makes a run of thousands of Jobs quadratic.
 */
final class ObjectIndex {

  private record Key(String api, String plural, String namespace, String name) {
    Bucket bucket() {
      return new Bucket(api, plural, namespace);
    }
  }

  /** The objects of one resource in one namespace: what a namespaced list reads. */
  private record Bucket(String api, String plural, String namespace) {}

  private final Map<Key, AttributeSet> keys = new ConcurrentHashMap<>();
  private final Map<Bucket, Set<AttributeSet>> buckets = new ConcurrentHashMap<>();
  // Set when a stored key could not be indexed; from then on callers fall back to the mock's scan.
  private volatile boolean complete = true;

  boolean complete() {
    return complete;
  }

  void markIncomplete() {
    complete = false;
  }

  /** The stored key for the object a named query (from a request path) points at, or null when none. */
  AttributeSet find(AttributeSet query) {
    Key key = keyOf(query);
    return key == null ? null : keys.get(key);
  }

  /**
   * The stored keys a namespaced list query (from a request path) can match, a superset of its answer; null when
   * the query is not a list of one resource in one namespace.
   */
  Collection<AttributeSet> candidates(AttributeSet query) {
    String plural = value(query, "plural");
    String namespace = value(query, "namespace");
    if (plural == null || namespace == null || query.getAttribute("name") != null) {
      return null;
    }
    Set<AttributeSet> bucket = buckets.get(new Bucket(value(query, "api"), plural, namespace));
    return bucket == null ? List.of() : List.copyOf(bucket);
  }

  /** Whether a query names one object, so that {@link #find} can answer it. */
  static boolean isNamed(AttributeSet query) {
    return keyOf(query) != null;
  }

  void stored(AttributeSet stored) {
    Key key = keyOf(stored);
    if (key == null) {
      markIncomplete();
    } else {
      AttributeSet previous = keys.put(key, stored);
      Set<AttributeSet> bucket = buckets.computeIfAbsent(key.bucket(), b -> ConcurrentHashMap.newKeySet());
      if (previous != null) {
        bucket.remove(previous);
      }
      bucket.add(stored);
    }
  }

  void removed(AttributeSet stored) {
    Key key = keyOf(stored);
    if (key != null && keys.remove(key, stored)) {
      Set<AttributeSet> bucket = buckets.get(key.bucket());
      if (bucket != null) {
        bucket.remove(stored);
      }
    }
  }

  void clear() {
    keys.clear();
    buckets.clear();
    complete = true;
  }

  private static Key keyOf(AttributeSet attributes) {
    String plural = value(attributes, "plural");
    String name = value(attributes, "name");
    if (plural == null || name == null) {
      return null;
    }
    return new Key(value(attributes, "api"), plural, value(attributes, "namespace"), name);
  }

  private static String value(AttributeSet attributes, String key) {
    Attribute attribute = attributes.getAttribute(key);
    return attribute == null || attribute.getValues().size() != 1
        ? null
        : attribute.getValues().get(0).toString();
  }
}
