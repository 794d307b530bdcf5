package ai.rodytech.healer.core.history;

import java.time.Instant;
import java.util.List;

/**
 * One finished run as the ledger keeps it: compact, and without anything that grows with the log.
 *
 * @param uid the run's UID
 * @param name the run's name
 * @param finished when it finished
 * @param succeeded whether it succeeded
 * @param revision the commit it built, or null
 * @param images a fingerprint of the image digests it ran ({@link ImageFingerprint}), or null when none known
 * @param failedTests the first {@link Ledger#MAX_TESTS_PER_RUN} failing tests
 * @param failedTestCount how many tests failed in all (more than listed when the run failed many)
 * @param decision what the healer decided for this failure, or null
 * @param retryOf for a corrective run, the run that started its lineage; else null
 * @param attempt 0 for an original run, N for the healer's N-th corrective run
 * @param chosenBy for a corrective run, the decision that created it; else null
 */
public record RunEntry(
    String uid,
    String name,
    Instant finished,
    boolean succeeded,
    String revision,
    String images,
    List<String> failedTests,
    int failedTestCount,
    Decision decision,
    String retryOf,
    int attempt,
    Decision chosenBy) {

  public RunEntry {
    failedTests = failedTests == null ? List.of() : List.copyOf(failedTests);
    failedTestCount = Math.max(failedTestCount, failedTests.size());
  }

  static RunEntry of(FinishedRun run) {
    List<String> tests = run.failingTests();
    List<String> kept = tests.size() <= Ledger.MAX_TESTS_PER_RUN ? tests : tests.subList(0, Ledger.MAX_TESTS_PER_RUN);
    return new RunEntry(
        run.uid(), run.name(), run.finished(), run.succeeded(), run.revision(),
        ImageFingerprint.of(run.imageDigests()), kept, tests.size(), run.decision(),
        run.attempt() > 0 ? run.lineageRoot() : null, run.attempt(), run.attempt() > 0 ? run.chosenBy() : null);
  }

  RunEntry withDecision(Decision newDecision) {
    return new RunEntry(uid, name, finished, succeeded, revision, images, failedTests, failedTestCount, newDecision,
        retryOf, attempt, chosenBy);
  }

  /** Whether both runs built the same input: the same revision, and the same images when both know theirs. */
  boolean sameInputAs(RunEntry other) {
    if (revision == null || !revision.equals(other.revision)) {
      return false;
    }
    return images == null || other.images == null || images.equals(other.images);
  }

  /** A generous estimate of this entry's size as JSON, for the ledger's byte budget. */
  int estimatedBytes() {
    int bytes = 220 + uid.length() + name.length() + length(revision) + length(images) + length(retryOf);
    for (String test : failedTests) {
      bytes += test.length() + 4;
    }
    return bytes + estimatedBytes(decision) + estimatedBytes(chosenBy);
  }

  static int estimatedBytes(Decision decision) {
    if (decision == null) {
      return 0;
    }
    int bytes = 50 + decision.strategy().length();
    for (String signature : decision.signatures()) {
      bytes += signature.length() + 4;
    }
    return bytes;
  }

  static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
