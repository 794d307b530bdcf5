package ai.rodytech.healer.core.history;

import java.time.Instant;
import java.util.Locale;

/**
 * How one strategy has done for one signature in one pipeline: every corrective run it created and whether that
 * run healed. Constant size: totals, plus the outcomes of the last {@link Ledger#RECENT_OUTCOMES} attempts.
 *
 * @param signature the signature that chose the strategy
 * @param strategy the strategy's wire name
 * @param recent the latest outcomes, oldest first: {@code H} healed, {@code F} failed
 * @param healed attempts that healed since {@code since}
 * @param attempts attempts since {@code since}
 * @param lastAttemptAt when the latest attempt finished
 * @param since when counting started: the first attempt, or the last reset
 */
public record TrackRecord(
    String signature, String strategy, String recent, int healed, int attempts, Instant lastAttemptAt,
    Instant since) {
  static final char HEALED = 'H';
  static final char FAILED = 'F';

  public TrackRecord {
    recent = recent == null ? "" : recent;
  }

  static TrackRecord start(String signature, String strategy, Instant at) {
    return new TrackRecord(signature, strategy, "", 0, 0, at, at);
  }

  TrackRecord plus(boolean healedNow, Instant at) {
    String outcomes = recent + (healedNow ? HEALED : FAILED);
    if (outcomes.length() > Ledger.RECENT_OUTCOMES) {
      outcomes = outcomes.substring(outcomes.length() - Ledger.RECENT_OUTCOMES);
    }
    Instant last = lastAttemptAt == null || at.isAfter(lastAttemptAt) ? at : lastAttemptAt;
    return new TrackRecord(signature, strategy, outcomes, healed + (healedNow ? 1 : 0), attempts + 1, last, since);
  }

  /** Attempts among the recent ones. */
  public int recentAttempts() {
    return recent.length();
  }

  /** Healed attempts among the recent ones. */
  public int recentHealed() {
    return (int) recent.chars().filter(c -> c == HEALED).count();
  }

  /** The share of recent attempts that healed; 1 when there were none. */
  public double recentSuccess() {
    return recent.isEmpty() ? 1.0 : (double) recentHealed() / recent.length();
  }

  /** E.g. "retry_stage healed 31 of 33 failures with signature category:flaky_test here". */
  public String describe() {
    return String.format(Locale.ROOT, "%s healed %d of %d failure%s with signature %s here", strategy, healed,
        attempts, attempts == 1 ? "" : "s", signature);
  }

  String key() {
    return key(signature, strategy);
  }

  static String key(String signature, String strategy) {
    return signature + " " + strategy;
  }

  int estimatedBytes() {
    return 160 + signature.length() + strategy.length() + recent.length();
  }
}
