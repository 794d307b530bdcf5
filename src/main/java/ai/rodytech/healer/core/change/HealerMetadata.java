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
   * or annotation of the run or of its pod template.
   */
  public static boolean isHealerMetadata(String path) {
    if (path.equals("/metadata/name") || path.equals("/metadata/generateName")) {
      return true;
    }
    for (String base : List.of("/metadata/", "/spec/template/metadata/")) {
      for (String map : MAPS) {
        if (path.startsWith(base + map + "/" + ESCAPED_PREFIX)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Removes healer metadata from a (normalized, owned) Job tree in place. */
  static void strip(ObjectNode job) {
    if (job.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove(List.of("name", "generateName"));
      stripKeys(metadata);
    }
    if (job.path("spec").path("template").get("metadata") instanceof ObjectNode templateMetadata) {
      stripKeys(templateMetadata);
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
}
