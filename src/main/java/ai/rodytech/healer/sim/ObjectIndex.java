package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds stored objects without looking at the others: one by group, resource, namespace and name; the objects
 * of one resource in one namespace; among them, those with one label value, and the Events about one object.
 * The CRUD mock scans every stored object on each write, named read and list, which makes a run of thousands of
 * Jobs quadratic. The index only narrows the candidates: each one is still matched the mock's way.
 */
final class ObjectIndex {

  private record Key(String api, String plural, String namespace, String name) {
    Bucket bucket() {
      return new Bucket(api, plural, namespace);
    }
  }

  /** The objects of one resource in one namespace: what a namespaced list reads. */
  private record Bucket(String api, String plural, String namespace) {}

  /** Objects of a bucket with one value of one label, or (key null) Events about one object. */
  private record Facet(Bucket bucket, String key, String value) {}

  /** A stored object: the mock's key for it, its JSON, and what the facets index it by. */
  record Entry(AttributeSet attributes, String json, Map<String, String> labels, String involvedObject) {}

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Bucket, Set<Key>> buckets = new ConcurrentHashMap<>();
  private final Map<Facet, Set<Key>> facets = new ConcurrentHashMap<>();
  // Set when a stored key could not be indexed; from then on callers fall back to the mock's scan.
  private volatile boolean complete = true;

  boolean complete() {
    return complete;
  }

  void markIncomplete() {
    complete = false;
  }

  /** The stored object a named query (from a request path) points at, or null when none. */
  Entry find(AttributeSet query) {
    Key key = keyOf(query);
    return key == null ? null : entries.get(key);
  }

  /** Whether a query names one object, so that {@link #find} can answer it. */
  static boolean isNamed(AttributeSet query) {
    return keyOf(query) != null;
  }

  /**
   * The stored objects a namespaced list can match, a superset of its answer: the one {@code name} names (a
   * metadata.name field selector), those with the label value when
   * {@code label} (key, value) is given, those about the object {@code involvedObject} names (Events), else all of
   * the resource in the namespace. Null when the query is not a list of one resource in one namespace.
   */
  Collection<Entry> candidates(AttributeSet query, String[] label, String involvedObject, String name) {
    String plural = value(query, "plural");
    String namespace = value(query, "namespace");
    if (plural == null || namespace == null || query.getAttribute("name") != null) {
      return null;
    }
    Bucket bucket = new Bucket(value(query, "api"), plural, namespace);
    if (name != null) {
      Entry named = entries.get(new Key(bucket.api(), plural, namespace, name));
      return named == null ? List.of() : List.of(named);
    }
    Set<Key> keys = involvedObject != null ? facets.get(new Facet(bucket, null, involvedObject))
        : label != null ? facets.get(new Facet(bucket, label[0], label[1]))
        : buckets.get(bucket);
    List<Entry> out = new ArrayList<>();
    if (keys != null) {
      for (Key key : keys) {
        Entry entry = entries.get(key);
        if (entry != null) {
          out.add(entry);
        }
      }
    }
    return out;
  }

  void stored(AttributeSet stored, String json) {
    stored(stored, json, null);
  }

  /** As {@link #stored(AttributeSet, String)}, with the object's tree when the writer has it (null: parsed here). */
  void stored(AttributeSet stored, String json, JsonNode object) {
    Key key = keyOf(stored);
    if (key == null) {
      markIncomplete();
      return;
    }
    JsonNode tree = object != null ? object : JsonBodies.tree(json);
    Map<String, String> labels = new java.util.HashMap<>();
    tree.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    String involved = "events".equals(key.plural()) ? tree.path("involvedObject").path("name").asText(null) : null;
    Entry previous = entries.put(key, new Entry(stored, json, Map.copyOf(labels), involved));
    if (previous != null) {
      unfacet(key, previous);
    }
    buckets.computeIfAbsent(key.bucket(), b -> ConcurrentHashMap.newKeySet()).add(key);
    labels.forEach((k, v) -> facets.computeIfAbsent(new Facet(key.bucket(), k, v), f -> ConcurrentHashMap.newKeySet())
        .add(key));
    if (involved != null) {
      facets.computeIfAbsent(new Facet(key.bucket(), null, involved), f -> ConcurrentHashMap.newKeySet()).add(key);
    }
  }

  void removed(AttributeSet stored) {
    Key key = keyOf(stored);
    if (key == null) {
      return;
    }
    Entry previous = entries.get(key);
    if (previous != null && previous.attributes().equals(stored) && entries.remove(key, previous)) {
      unfacet(key, previous);
      Set<Key> bucket = buckets.get(key.bucket());
      if (bucket != null) {
        bucket.remove(key);
      }
    }
  }

  private void unfacet(Key key, Entry entry) {
    entry.labels().forEach((k, v) -> {
      Set<Key> keys = facets.get(new Facet(key.bucket(), k, v));
      if (keys != null) {
        keys.remove(key);
      }
    });
    if (entry.involvedObject() != null) {
      Set<Key> keys = facets.get(new Facet(key.bucket(), null, entry.involvedObject()));
      if (keys != null) {
        keys.remove(key);
      }
    }
  }

  void clear() {
    entries.clear();
    buckets.clear();
    facets.clear();
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
