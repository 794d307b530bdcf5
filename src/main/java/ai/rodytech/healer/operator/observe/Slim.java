package ai.rodytech.healer.operator.observe;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a watch's cache keeps of an object, in one copy of each string it holds many times: label keys and values,
 * images, names of containers, reasons, timestamps repeat across a namespace's pods and runs, and each decoded
 * object brings its own copies. Interned strings are collected like others once no cached object refers to them.
 */
public final class Slim {

  private Slim() {}

  /**
   * The metadata a cached copy keeps: name, namespace, UID, version, creation, labels and owners; a caller adds
   * what else it reads.
   */
  public static ObjectMetaBuilder metadata(ObjectMeta meta) {
    return new ObjectMetaBuilder()
        .withName(meta.getName())
        .withNamespace(of(meta.getNamespace()))
        .withUid(meta.getUid())
        .withResourceVersion(meta.getResourceVersion())
        .withCreationTimestamp(meta.getCreationTimestamp())
        .withLabels(strings(meta.getLabels()))
        .withOwnerReferences(meta.getOwnerReferences());
  }

  public static String of(String value) {
    return value == null ? null : value.intern();
  }

  /** A copy of the map with its keys and values interned; null stays null. */
  public static Map<String, String> strings(Map<String, String> map) {
    if (map == null) {
      return null;
    }
    Map<String, String> copy = new LinkedHashMap<>(map.size() * 2);
    map.forEach((k, v) -> copy.put(of(k), of(v)));
    return copy;
  }

  /** A copy of a decoded JSON value (maps, lists, scalars) with every string in it interned. */
  public static Object tree(Object value) {
    if (value instanceof String s) {
      return s.intern();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 2);
      map.forEach((k, v) -> copy.put(tree(k), tree(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Slim::tree).toList();
    }
    return value;
  }
}
