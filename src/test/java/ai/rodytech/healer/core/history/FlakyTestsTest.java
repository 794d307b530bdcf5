package ai.rodytech.healer.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.history.FlakyTests.Finding;
import ai.rodytech.healer.core.history.FlakyTests.Rule;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule that makes a test flaky, and each thing that keeps it from counting. */
class FlakyTestsTest {
  private static final String IT = "com.example.PaymentWebhookIT.retriesOnTimeout";
  private static final HistoryRules RULES = HistoryRules.DEFAULTS;

  private final Runs runs = new Runs();

  private Optional<Finding> assess(String test) {
    return FlakyTests.assess(test, runs.view(), RULES, runs.now());
  }

  @Test
  void failedThenPassedOnTheSameRevision() {
    runs.failed(Runs.rev(1), IT);
    runs.passed(Runs.rev(1));

    Finding finding = assess(IT).orElseThrow();
    assertThat(finding.rule()).isEqualTo(Rule.SAME_REVISION);
    assertThat(finding.evidence()).isEqualTo(IT + " failed and passed on the same commit once in the last 2 runs"
        + " (latest: commit " + Runs.rev(1).substring(0, 12) + " failed in backend-ci-build-1 and passed in"
        + " backend-ci-build-2)");
  }

  @Test
  void passedThenFailedOnTheSameRevisionCountsToo() {
    runs.passed(Runs.rev(1));
    runs.failed(Runs.rev(1), IT);

    assertThat(assess(IT)).map(Finding::rule).contains(Rule.SAME_REVISION);
  }

  @Test
  void aFailureAndAPassOnDifferentRevisionsAreNoEvidence() {
    runs.failed(Runs.rev(1), IT);
    runs.passed(Runs.rev(2));

    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void theSameRevisionOnOtherImagesIsNoEvidence() {
    runs.failedOn(Runs.rev(1), Map.of("build", "sha256:" + "a".repeat(64)), IT);
    runs.passedOn(Runs.rev(1), Map.of("build", "sha256:" + "b".repeat(64)));

    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void runsWithoutARevisionAreNoSameRevisionEvidence() {
    runs.failed(null, IT);
    runs.passed(null);

    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void evidenceIsCountedOncePerFailedRunAndNamesTheTimes() {
    for (int i = 1; i <= 3; i++) {
      runs.failed(Runs.rev(i), IT);
      runs.passed(Runs.rev(i));
      runs.passed(Runs.rev(i));
    }

    assertThat(assess(IT).orElseThrow().evidence()).startsWith(IT + " failed and passed on the same commit 3 times"
        + " in the last 9 runs");
  }

  @Test
  void sameRevisionEvidenceExpiresAfterTheRecoveryWindow() {
    runs.failed(Runs.rev(1), IT);
    runs.passed(Runs.rev(1));
    runs.advance(RULES.recoveryWindow().minus(Duration.ofMinutes(2)));
    assertThat(assess(IT)).as("just inside the window").isPresent();

    runs.advance(Duration.ofMinutes(3));
    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void aMassFailureIsNoSameRevisionEvidence() {
    String[] tests = new String[RULES.massFailureTests()];
    for (int i = 0; i < tests.length; i++) {
      tests[i] = i == 0 ? IT : "com.example.SuiteIT.case" + i;
    }
    runs.failed(Runs.rev(1), tests);
    runs.passed(Runs.rev(1));

    assertThat(assess(IT)).isEmpty();
    HistoryRules tolerant = withMassFailureTests(RULES.massFailureTests() + 1);
    assertThat(FlakyTests.assess(IT, runs.view(), tolerant, runs.now())).as("one test fewer than the policy's").isPresent();
  }

  @Test
  void aFlipRateAboveTheThresholdWithTheMinimumSample() {
    // P P F P P F P P P P: 4 flips in 10 results, two separate failures.
    pattern("PPFPPFPPPP");

    Finding finding = assess(IT).orElseThrow();
    assertThat(finding.rule()).isEqualTo(Rule.FLIP_RATE);
    assertThat(finding.evidence()).isEqualTo(IT + " flipped between pass and fail 4 times in its 10 results of the"
        + " last 30 runs (flip rate 0.44, threshold 0.20)");
  }

  @Test
  void belowTheMinimumSampleTheFlipRateDoesNotCount() {
    pattern("PFPPFPPPP"); // nine results: one short of the default minimum sample

    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void aFlipRateBelowTheThresholdIsNotFlaky() {
    pattern("PPPPPPPPFPPPPPPPPPFPPPPPPP"); // 4 flips in 26 results: 0.16

    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void oneFailureBetweenPassesIsARegressionFixedNotAFlake() {
    pattern("PPPPFPPPPP"); // 2 flips in 10 results is above 0.2, but there is one failure only

    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void failedRunsThatDoNotNameTheTestSayNothingAboutIt() {
    pattern("PPFPPFPPPP".replace('F', 'X')); // X: failed, other tests

    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void massFailuresAreNotFlips() {
    pattern("PPMPPMPPPP"); // M: the test failed with many others

    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void flipsOlderThanTheRecoveryWindowDoNotCount() {
    pattern("PPFPPFPPPP");
    runs.advance(RULES.recoveryWindow());

    assertThat(assess(IT)).isEmpty();
  }

  @Test
  void knownListsEveryFlakyTest() {
    runs.failed(Runs.rev(1), IT, "com.example.OtherIT.works");
    runs.passed(Runs.rev(1));
    runs.failed(Runs.rev(2), "com.example.BrokenTest.fails");

    assertThat(FlakyTests.known(runs.view(), RULES, runs.now()))
        .extracting(Finding::test)
        .containsExactly(IT, "com.example.OtherIT.works");
  }

  /** One run per letter, each on its own revision: P passed, F failed with IT, X failed with another test, M mass. */
  private void pattern(String results) {
    for (int i = 0; i < results.length(); i++) {
      String rev = Runs.rev(100 + i);
      switch (results.charAt(i)) {
        case 'P' -> runs.passed(rev);
        case 'F' -> runs.failed(rev, IT);
        case 'X' -> runs.failed(rev, "com.example.OtherIT.works");
        case 'M' -> {
          String[] tests = new String[RULES.massFailureTests()];
          for (int t = 0; t < tests.length; t++) {
            tests[t] = t == 0 ? IT : "com.example.SuiteIT.case" + t;
          }
          runs.failed(rev, tests);
        }
        default -> throw new IllegalArgumentException(results);
      }
    }
  }

  static HistoryRules withMassFailureTests(int tests) {
    return new HistoryRules(RULES.flipRateThreshold(), RULES.windowRuns(), RULES.minimumSample(),
        RULES.recoveryWindow(), tests, RULES.trackRecordMinimumAttempts(), RULES.trackRecordCutoff());
  }
}
