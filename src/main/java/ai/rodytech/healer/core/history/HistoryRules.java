package ai.rodytech.healer.core.history;

import java.time.Duration;

/**
 * A policy's thresholds for learning from history, with every default applied (docs/history.md explains each).
 *
 * @param flipRateThreshold a test whose results flip between pass and fail at this rate or more over the
 *     window is flaky
 * @param windowRuns the latest runs the flip rate is measured over
 * @param minimumSample results of a test needed in the window before its flip rate counts
 * @param recoveryWindow evidence older than this no longer counts: a test recovers
 * @param massFailureTests a run in which this many tests or more failed is an outage, not evidence of flaking
 * @param trackRecordMinimumAttempts attempts of a strategy for a signature before its track record can stop it
 * @param trackRecordCutoff below this share of healed attempts a strategy is no longer chosen for the signature
 */
public record HistoryRules(
    double flipRateThreshold,
    int windowRuns,
    int minimumSample,
    Duration recoveryWindow,
    int massFailureTests,
    int trackRecordMinimumAttempts,
    double trackRecordCutoff) {

  public static final double DEFAULT_FLIP_RATE = 0.2;
  public static final int DEFAULT_WINDOW_RUNS = 30;
  public static final int DEFAULT_MINIMUM_SAMPLE = 10;
  public static final int DEFAULT_RECOVERY_DAYS = 14;
  public static final int DEFAULT_MASS_FAILURE_TESTS = 10;
  public static final int DEFAULT_TRACK_RECORD_MINIMUM_ATTEMPTS = 5;
  public static final double DEFAULT_TRACK_RECORD_CUTOFF = 0.3;

  public static final HistoryRules DEFAULTS = new HistoryRules(
      DEFAULT_FLIP_RATE, DEFAULT_WINDOW_RUNS, DEFAULT_MINIMUM_SAMPLE, Duration.ofDays(DEFAULT_RECOVERY_DAYS),
      DEFAULT_MASS_FAILURE_TESTS, DEFAULT_TRACK_RECORD_MINIMUM_ATTEMPTS, DEFAULT_TRACK_RECORD_CUTOFF);

  public HistoryRules {
    if (windowRuns < 2 || windowRuns > Ledger.MAX_RUNS) {
      throw new IllegalArgumentException("windowRuns must be 2.." + Ledger.MAX_RUNS + ": " + windowRuns);
    }
    if (massFailureTests < 2 || massFailureTests > Ledger.MAX_TESTS_PER_RUN) {
      throw new IllegalArgumentException(
          "massFailureTests must be 2.." + Ledger.MAX_TESTS_PER_RUN + ": " + massFailureTests);
    }
  }

  /** Whether a run with this many failing tests is an outage rather than a flake. */
  public boolean massFailure(int failingTests) {
    return failingTests >= massFailureTests;
  }
}
