package ai.rodytech.healer.operator.run.engine;

import ai.rodytech.healer.core.change.HealerMetadata;
import ai.rodytech.healer.operator.observe.Slim;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Slim copies of runs for the informer cache (the engines' runs; the Job's view uses the metadata parts): CI
 * namespaces keep thousands of finished runs, and a run's spec and status (resolved specs, node trees) are most of
 * their size. A failed run is kept whole (it is re-created from); others keep their identity, labels, the healer's
 * annotations and what the kind reads.
 */
public final class CacheViews {

  private CacheViews() {}

  /** The run whole, without managedFields. */
  public static <R extends GenericKubernetesResource> R whole(R run, Supplier<R> empty) {
    R copy = empty.get();
    copy.setApiVersion(run.getApiVersion());
    copy.setKind(run.getKind());
    copy.setMetadata(withoutManagedFields(run.getMetadata()));
    copy.setAdditionalProperties(run.getAdditionalProperties());
    return copy;
  }

  /** The run's identity, labels, owners and the healer's own annotations; {@code fields} set on top. */
  public static <R extends GenericKubernetesResource> R slim(R run, Supplier<R> empty, Map<String, Object> fields) {
    R view = empty.get();
    view.setApiVersion(run.getApiVersion());
    view.setKind(run.getKind());
    view.setMetadata(slimMetadata(run.getMetadata()));
    fields.forEach((k, v) -> {
      if (v != null && !(v instanceof Map<?, ?> m && m.isEmpty())) {
        view.setAdditionalProperty(k, v);
      }
    });
    return view;
  }

  /** The metadata whole but for managedFields, which the healer never reads. */
  public static ObjectMeta withoutManagedFields(ObjectMeta meta) {
    return new ObjectMetaBuilder(meta).withManagedFields().build();
  }

  /** Identity, labels, owners and the healer's own annotations: what is read of a run that is not re-created. */
  public static ObjectMeta slimMetadata(ObjectMeta meta) {
    return Slim.metadata(meta)
        .withGenerateName(meta.getGenerateName())
        .withGeneration(meta.getGeneration())
        .withDeletionTimestamp(meta.getDeletionTimestamp())
        .withAnnotations(healerAnnotations(meta.getAnnotations()))
        .build();
  }

  /** A map of the non-null entries given as key, value, key, value... */
  public static Map<String, Object> of(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      Object value = keysAndValues[i + 1];
      if (value != null && !(value instanceof Map<?, ?> m && m.isEmpty())) {
        out.put((String) keysAndValues[i], value);
      }
    }
    return out;
  }

  private static Map<String, String> healerAnnotations(Map<String, String> annotations) {
    if (annotations == null) {
      return null;
    }
    Map<String, String> kept = new LinkedHashMap<>();
    annotations.forEach((k, v) -> {
      if (k.startsWith(HealerMetadata.KEY_PREFIX)) {
        kept.put(k, v);
      }
    });
    return kept.isEmpty() ? null : kept;
  }
}
