package ai.rodytech.healer.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where a run sits in its failure lineage: the run that started it and the attempt number. Read from the
 * annotations the healer writes on the runs it creates, so it survives restarts.
 *
 * @param root name of the run that started the lineage
 * @param attempt 0 for an original run, N for the healer's N-th attempt
 */
public record Lineage(String root, int attempt) {
  /** Kubernetes caps Job names at 63 characters (they become the job-name label). */
  static final int MAX_RUN_NAME = 63;

  public static Lineage of(HasMetadata run) {
    Map<String, String> annotations = run.getMetadata().getAnnotations();
    String root = annotations == null ? null : annotations.get(Labels.RETRY_OF);
    if (root == null || root.isBlank()) {
      return new Lineage(run.getMetadata().getName(), 0);
    }
    int attempt;
    try {
      attempt = Integer.parseInt(annotations.getOrDefault(Labels.ATTEMPT, "1").trim());
    } catch (NumberFormatException e) {
      attempt = 1;
    }
    return new Lineage(root, Math.max(1, attempt));
  }

  public boolean isRetry() {
    return attempt > 0;
  }

  /**
   * The deterministic name of attempt {@code n} of this lineage. Deterministic so that a second event, a second
   * replica or a restart can never create two runs for one attempt: the second create gets AlreadyExists.
   */
  public String runName(int n) {
    String suffix = "-heal-" + n;
    if (root.length() + suffix.length() <= MAX_RUN_NAME) {
      return root + suffix;
    }
    String hash = shortHash(root);
    int keep = MAX_RUN_NAME - suffix.length() - hash.length() - 1;
    String head = root.substring(0, keep).replaceAll("[-.]+$", "");
    return head + "-" + hash + suffix;
  }

  /** The incident that records this lineage. */
  public String incidentName() {
    return root;
  }

  static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
