package ai.rodytech.healer.core.plan;

import java.util.Map;

/**
 * What the last successful run of a pipeline used, so patch_dependency_version can pin back to it.
 *
 * @param run the successful run's name, or null when none was recorded
 * @param images container name to the image as its spec wrote it
 * @param imageDigests container name to the repository digest the image resolved to ({@code sha256:<hex>}, from
 *     the pod status' imageID)
 * @param pins version pin (environment variable) name to its value
 */
public record KnownGoodVersions(
    String run, Map<String, String> images, Map<String, String> imageDigests, Map<String, String> pins) {

  /** No successful run recorded yet. */
  public static final KnownGoodVersions NONE = new KnownGoodVersions(null, Map.of(), Map.of(), Map.of());

  public KnownGoodVersions {
    images = Map.copyOf(images == null ? Map.of() : images);
    imageDigests = Map.copyOf(imageDigests == null ? Map.of() : imageDigests);
    pins = Map.copyOf(pins == null ? Map.of() : pins);
  }

  public boolean recorded() {
    return run != null && !run.isBlank();
  }
}
