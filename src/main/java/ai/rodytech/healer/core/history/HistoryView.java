package ai.rodytech.healer.core.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The history of one pipeline at one moment, immutable: what the judge, the policy status and the CLI read.
 *
 * @param namespace the pipeline's namespace
 * @param pipeline the pipeline
 * @param runs the runs kept, oldest first (by the time they finished)
 * @param watermark runs that finished at or before this time are recorded or too old to record; null while no
 *     run has rolled off
 * @param runsRecorded runs recorded since the ledger began, the rolled-off ones included
 * @param tests tests with evidence of flaking
 * @param trackRecords track records per signature and strategy
 */
public record HistoryView(
    String namespace,
    String pipeline,
    List<RunEntry> runs,
    Instant watermark,
    long runsRecorded,
    List<TestEvidence> tests,
    List<TrackRecord> trackRecords) {

  public HistoryView {
    runs = runs == null ? List.of() : List.copyOf(runs);
    tests = tests == null ? List.of() : List.copyOf(tests);
    trackRecords = trackRecords == null ? List.of() : List.copyOf(trackRecords);
  }

  public static HistoryView empty(String namespace, String pipeline) {
    return new HistoryView(namespace, pipeline, List.of(), null, 0, List.of(), List.of());
  }

  /** Failed runs since the latest success, newest first; at most the runs kept. */
  public int consecutiveFailures() {
    int failures = 0;
    for (int i = runs.size() - 1; i >= 0 && !runs.get(i).succeeded(); i--) {
      failures++;
    }
    return failures;
  }

  /** The latest {@code n} runs kept, oldest first. */
  public List<RunEntry> latest(int n) {
    return runs.subList(Math.max(0, runs.size() - n), runs.size());
  }

  public Optional<RunEntry> lastRun() {
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
  }

  public Optional<TrackRecord> trackRecord(String signature, String strategy) {
    return trackRecords.stream()
        .filter(r -> r.signature().equals(signature) && r.strategy().equals(strategy))
        .findFirst();
  }

  public Optional<TestEvidence> evidence(String test) {
    return tests.stream().filter(t -> t.test().equals(test)).findFirst();
  }

  /** Whether a run with this UID is among the runs kept. */
  public boolean keeps(String uid) {
    return runs.stream().anyMatch(r -> r.uid().equals(uid));
  }
}
