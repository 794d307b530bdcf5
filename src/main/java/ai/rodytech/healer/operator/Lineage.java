package ai.rodytech.healer.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where a run sits in its failure lineage: the run that started it (by name and UID) and the attempt number. Read
 * from the annotations the healer writes on the runs it creates, so it survives restarts. Names derived from a
 * lineage carry a hash of the root run's UID: a run deleted and re-created under the same name (a Helm hook, a
 * delete-and-apply) starts a new lineage with a new incident.
 *
 * @param root name of the run that started the lineage
 * @param rootUid UID of that run
 * @param attempt 0 for an original run, N for the healer's N-th attempt
 */
public record Lineage(String root, String rootUid, int attempt) {
  /** Run names become label values (job-name, tekton.dev/pipelineRun, workflows.argoproj.io/workflow): 63 at most. */
  static final int MAX_NAME = 63;

  public static Lineage of(HasMetadata run) {
    Map<String, String> annotations = run.getMetadata().getAnnotations();
    String root = annotations == null ? null : annotations.get(Labels.RETRY_OF);
    if (root == null || root.isBlank()) {
      return new Lineage(run.getMetadata().getName(), run.getMetadata().getUid(), 0);
    }
    int attempt;
    try {
      attempt = Integer.parseInt(annotations.getOrDefault(Labels.ATTEMPT, "1").trim());
    } catch (NumberFormatException e) {
      attempt = 1;
    }
    return new Lineage(root, annotations.getOrDefault(Labels.ROOT_UID, ""), Math.max(1, attempt));
  }

  public boolean isRetry() {
    return attempt > 0;
  }

  /**
   * The deterministic name of attempt {@code n} of this lineage: {@code <root>-<uid hash>-heal-<n>}, the root's
   * name shortened when the whole would exceed 63 characters. Deterministic so that a second event, a second
   * replica or a restart can never create two runs for one attempt: the second create finds the name taken.
   */
  public String runName(int n) {
    return fit(root, "-" + uidHash() + "-heal-" + n);
  }

  /** The incident that records this lineage: {@code <root>-<uid hash>}. */
  public String incidentName() {
    return fit(root, "-" + uidHash());
  }

  /** Six hex digits of the root run's UID (of its name when the UID is unknown). */
  public String uidHash() {
    return shortHash(rootUid == null || rootUid.isBlank() ? root : rootUid);
  }

  private static String fit(String head, String suffix) {
    if (head.length() + suffix.length() <= MAX_NAME) {
      return head + suffix;
    }
    return head.substring(0, MAX_NAME - suffix.length()).replaceAll("[-.]+$", "") + suffix;
  }

  public static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
