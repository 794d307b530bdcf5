package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The metadata the healer writes on the runs it creates: their name and its own {@code rodytech.ai/} labels and
 * annotations. It is bookkeeping, not a change to the work a run does, so diff sizes leave it out.
 */
public final class HealerMetadata {
  /** Prefix of the healer's own label and annotation keys. */
  public static final String KEY_PREFIX = "rodytech.ai/";

  private static final String ESCAPED_PREFIX = JsonPaths.escape(KEY_PREFIX);
  private static final List<String> MAPS = List.of("labels", "annotations");

  private HealerMetadata() {}

  /**
   * Whether a changed path is healer metadata: the run's name or generateName, or a {@code rodytech.ai/} label
   * or annotation in one of the layout's metadata scopes.
   */
  public static boolean isHealerMetadata(String path, RunLayout layout) {
    if (path.equals("/metadata/name") || path.equals("/metadata/generateName")) {
      return true;
    }
    for (String scope : layout.metadataScopes()) {
      for (String map : MAPS) {
        if (path.startsWith(scope + "/" + map + "/" + ESCAPED_PREFIX)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Removes healer metadata from a comparable run tree in place. */
  static void strip(ObjectNode run, RunLayout layout) {
    if (run.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove(List.of("name", "generateName"));
    }
    for (String scope : layout.metadataScopes()) {
      if (run.at(scope) instanceof ObjectNode metadata) {
        stripKeys(metadata);
      }
    }
  }

  private static void stripKeys(ObjectNode metadata) {
    for (String map : MAPS) {
      if (metadata.get(map) instanceof ObjectNode keys) {
        keys.properties().removeIf(e -> e.getKey().startsWith(KEY_PREFIX));
        if (keys.isEmpty()) {
          metadata.remove(map);
        }
      }
    }
  }

  /** The run's own name, labels and annotations (not a pod template's, which select pods for policies). */
  public static boolean isRunMetadata(String path, RunLayout layout) {
    return isHealerMetadata(path, layout)
        || path.equals("/metadata/labels")
        || path.startsWith("/metadata/labels/")
        || path.equals("/metadata/annotations")
        || path.startsWith("/metadata/annotations/");
  }
}
