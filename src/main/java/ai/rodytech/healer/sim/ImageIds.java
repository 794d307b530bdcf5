package ai.rodytech.healer.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The imageID a container runtime reports for an image reference: the fully qualified repository and a
 * digest, e.g. {@code node:20} becomes {@code docker.io/library/node@sha256:...}. Without a registry, a tag's
 * digest is derived from the reference itself, so the same tag always "resolves" to the same digest until a
 * {@link RunOutcome} says it moved.
 */
public final class ImageIds {

  private ImageIds() {}

  /** The imageID for an image as written in a pod spec. */
  public static String resolve(String image) {
    String reference = image.strip();
    String digest = null;
    int at = reference.indexOf('@');
    if (at >= 0) {
      digest = reference.substring(at + 1);
      reference = reference.substring(0, at);
    }
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    String repository = colon > slash ? reference.substring(0, colon) : reference;
    return qualified(repository) + "@" + (digest != null ? digest : "sha256:" + sha256(image.strip()));
  }

  /** The reference as the container runtime names it: {@code node:20} is docker.io/library/node:20. */
  static String normalized(String image) {
    String reference = image.strip();
    String digest = "";
    int at = reference.indexOf('@');
    if (at >= 0) {
      digest = reference.substring(at);
      reference = reference.substring(0, at);
    }
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    String repository = colon > slash ? reference.substring(0, colon) : reference;
    String tag = colon > slash ? reference.substring(colon) : digest.isEmpty() ? ":latest" : "";
    return qualified(repository) + tag + digest;
  }

  /** docker.io/library/ in front of short Docker Hub names, as the runtime reports them. */
  static String qualified(String repository) {
    int slash = repository.indexOf('/');
    String first = slash < 0 ? "" : repository.substring(0, slash);
    boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
    if (hasRegistry) {
      return repository;
    }
    return slash < 0 ? "docker.io/library/" + repository : "docker.io/" + repository;
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
