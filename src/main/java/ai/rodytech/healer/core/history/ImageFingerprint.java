package ai.rodytech.healer.core.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image digests a run ran, as 12 hex digits: enough to tell "same images" from "other images" without
 * keeping a 71-character digest per container per run.
 */
final class ImageFingerprint {
  private ImageFingerprint() {}

  /** The fingerprint of container-to-digest, or null when no digest is known. */
  static String of(Map<String, String> digests) {
    if (digests == null || digests.isEmpty()) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    new TreeMap<>(digests).forEach((container, digest) -> text.append(container).append('=').append(digest).append('\n'));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
