package ai.rodytech.healer.core.history;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What the ledger remembers of one test beyond the runs it keeps: the last few times it failed and passed on
 * the same input. Kept apart from the runs so that it lasts as long as the recovery window, not as long as the
 * last runs do.
 *
 * @param test the test's name
 * @param sameRevision the most recent evidence, oldest first, at most {@link Ledger#EVIDENCE_PER_TEST}
 */
public record TestEvidence(String test, List<SameRevisionEvidence> sameRevision) {

  public TestEvidence {
    sameRevision = sameRevision == null ? List.of()
        : sameRevision.stream().sorted(Comparator.comparing(SameRevisionEvidence::at)).toList();
  }

  /** When the latest evidence was found, or Instant.MIN when there is none. */
  public Instant latest() {
    return sameRevision.isEmpty() ? Instant.MIN : sameRevision.get(sameRevision.size() - 1).at();
  }

  int estimatedBytes() {
    int bytes = 40 + test.length();
    for (SameRevisionEvidence evidence : sameRevision) {
      bytes += evidence.estimatedBytes();
    }
    return bytes;
  }
}
