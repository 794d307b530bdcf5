package ai.rodytech.healer.sim.tekton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names Tekton gives to the objects it creates (knative's kmeta.ChildName). */
final class TektonNames {
  private static final int LONGEST = 63;
  private static final int MD5_HEX = 32;

  private TektonNames() {}

  /**
   * {@code parent + suffix} when it fits in 63 characters; else the parent cut short and followed by the MD5 of
   * the whole parent, then the suffix, so that the name stays unique and valid.
   */
  static String child(String parent, String suffix) {
    if (parent.length() + suffix.length() <= LONGEST) {
      return parent + suffix;
    }
    int head = Math.max(0, LONGEST - suffix.length() - MD5_HEX);
    return parent.substring(0, head) + md5(parent) + suffix;
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JVM", e);
    }
  }
}
