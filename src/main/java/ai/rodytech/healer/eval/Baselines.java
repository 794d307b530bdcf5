package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.snapshot.LogTail;
import java.util.List;
import java.util.Locale;

/**
 * Two naive deciders the brain must beat, scored on the same cases in the same run. A baseline that retries
 * says transient_infra (the category a retry implies); one that does not says unknown.
 */
public final class Baselines {

  /** What a CI "retry on network error" rule typically greps for (case-insensitive). */
  public static final List<String> NETWORK_STRINGS = List.of(
      "connection reset", "connection refused", "connection timed out", "timed out", "could not resolve host",
      "temporary failure in name resolution", "name or service not known", "unknownhostexception",
      "econnreset", "etimedout", "eai_again", "tls handshake timeout", "503 service unavailable",
      "502 bad gateway", "504 gateway", "network is unreachable", "socket hang up");

  private Baselines() {}

  /** Every failure gets a retry. */
  public static Outcome retryEverything(EvalCase c) {
    return new Outcome(c, Category.TRANSIENT_INFRA, Action.RETRY_STAGE);
  }

  /** A retry when any known network string appears in the log's tail, else a person. */
  public static Outcome retryOnNetworkString(EvalCase c, LogTail tail) {
    String text = tail.text().toLowerCase(Locale.ROOT);
    boolean network = NETWORK_STRINGS.stream().anyMatch(text::contains);
    return network
        ? new Outcome(c, Category.TRANSIENT_INFRA, Action.RETRY_STAGE)
        : new Outcome(c, Category.UNKNOWN, Action.ALERT_HUMAN);
  }
}
