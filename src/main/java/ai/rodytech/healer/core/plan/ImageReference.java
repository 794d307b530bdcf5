package ai.rodytech.healer.core.plan;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference split into repository, tag and digest, e.g. {@code node:20},
 * {@code registry:5000/team/app@sha256:...}.
 *
 * @param repository the repository as written (registry and path), never empty
 * @param tag the tag, or null
 * @param digest the digest ({@code sha256:<64 hex>}), or null when the reference floats
 */
public record ImageReference(String repository, String tag, String digest) {
  private static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/:@-]*$");
  private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");
  private static final String DOCKER_HUB = "docker.io";

  /** The reference, when the text is a well-formed image reference. */
  public static Optional<ImageReference> parse(String image) {
    if (image == null || !REFERENCE.matcher(image.trim()).matches()) {
      return Optional.empty();
    }
    String text = image.trim();
    String digest = null;
    int at = text.indexOf('@');
    if (at >= 0) {
      digest = text.substring(at + 1);
      if (!DIGEST.matcher(digest).matches()) {
        return Optional.empty();
      }
      text = text.substring(0, at);
    }
    String tag = null;
    int colon = text.lastIndexOf(':');
    if (colon > text.lastIndexOf('/')) {
      tag = text.substring(colon + 1);
      text = text.substring(0, colon);
    }
    if (text.isEmpty() || (tag != null && tag.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(new ImageReference(text, tag, digest));
  }

  /**
   * The repository digest in an image ID as pod status reports it ({@code docker.io/library/node@sha256:...},
   * {@code docker-pullable://node@sha256:...}): only a reference with {@code @sha256:} names what a registry
   * serves. Empty for a bare {@code sha256:...} (a runtime's local image ID, the digest of the image's
   * configuration, e.g. of an image loaded into the node rather than pulled) and for {@code docker://sha256:...}:
   * pinning to either would not pull.
   */
  public static Optional<String> digestOf(String imageId) {
    if (imageId == null) {
      return Optional.empty();
    }
    String text = imageId.trim();
    int at = text.lastIndexOf('@');
    if (at < 0) {
      return Optional.empty();
    }
    String digest = text.substring(at + 1);
    return DIGEST.matcher(digest).matches() ? Optional.of(digest) : Optional.empty();
  }

  /** Whether the reference moves with its tag (no digest). */
  public boolean floating() {
    return digest == null;
  }

  /** The same repository pinned to a digest, written the way the original repository was written. */
  public String withDigest(String newDigest) {
    return repository + "@" + newDigest;
  }

  /** The repository with Docker Hub's implicit parts written out: {@code node} is {@code docker.io/library/node}. */
  public String canonicalRepository() {
    int slash = repository.indexOf('/');
    String first = slash < 0 ? "" : repository.substring(0, slash);
    boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
    if (!hasRegistry) {
      return DOCKER_HUB + "/" + (slash < 0 ? "library/" : "") + repository;
    }
    if (first.equals("index.docker.io") || first.equals("registry-1.docker.io") || first.equals(DOCKER_HUB)) {
      String path = repository.substring(slash + 1);
      return DOCKER_HUB + "/" + (path.contains("/") ? "" : "library/") + path;
    }
    return repository;
  }

  public boolean sameRepository(ImageReference other) {
    return canonicalRepository().equals(other.canonicalRepository());
  }

  @Override
  public String toString() {
    return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
