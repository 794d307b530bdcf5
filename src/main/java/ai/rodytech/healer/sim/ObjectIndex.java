package ai.rodytech.healer.sim;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a stored object by group, resource, namespace and name in constant time. The CRUD mock scans every
 * stored object on each write and named read, which makes a run of thousands of Jobs quadratic.
 */
final class ObjectIndex {

  private record Key(String api, String plural, String namespace, String name) {}

  private final Map<Key, AttributeSet> keys = new ConcurrentHashMap<>();
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

  /** Whether a query names one object, so that {@link #find} can answer it. */
  static boolean isNamed(AttributeSet query) {
    return keyOf(query) != null;
  }

  void stored(AttributeSet stored) {
    Key key = keyOf(stored);
    if (key == null) {
      markIncomplete();
    } else {
      keys.put(key, stored);
    }
  }

  void removed(AttributeSet stored) {
    Key key = keyOf(stored);
    if (key != null) {
      keys.remove(key, stored);
    }
  }

  void clear() {
    keys.clear();
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
