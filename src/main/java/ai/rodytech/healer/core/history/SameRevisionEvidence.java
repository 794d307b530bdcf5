package ai.rodytech.healer.core.history;

import java.time.Instant;

/**
 * One time a test both failed and passed on the same input: a run of a revision (and images) failed with the
 * test, and another run of the same revision passed.
 *
 * @param at when the later of the two runs finished: the evidence's age counts from here
 * @param revision the revision both runs built
 * @param failedRun the run the test failed in
 * @param passedRun the run that passed
 * @param testsFailed how many tests failed in the failed run (many at once is an outage, not a flake)
 */
public record SameRevisionEvidence(Instant at, String revision, String failedRun, String passedRun, int testsFailed) {

  int estimatedBytes() {
    return 110 + RunEntry.length(revision) + failedRun.length() + passedRun.length();
  }
}
