package ai.rodytech.healer.core.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run ledger of one pipeline: records finished runs once each, derives the facts that outlive them (tests
 * that failed and passed on the same input, each strategy's track record), and stays bounded whatever the
 * number of runs. Not thread-safe; {@code RunLedger} guards it. The rules and sizes are in docs/history.md.
 *
 * <p>Idempotent by UID even after runs roll off: the oldest runs go first (by the time they finished), and the
 * watermark remembers the latest finish time that rolled off, so a run finished at or before it is not
 * recorded again.
 */
public final class Ledger {
  /** Runs kept; a policy's flip-rate window cannot be longer. */
  public static final int MAX_RUNS = 150;
  /** Failing test names kept per run; a run with more failing tests is always an outage, never evidence. */
  public static final int MAX_TESTS_PER_RUN = 20;
  /** Same-input evidence kept per test. */
  public static final int EVIDENCE_PER_TEST = 3;
  /** Outcomes kept per track record for the cut-off. */
  public static final int RECENT_OUTCOMES = 20;
  /** Size budgets (estimated JSON bytes) of each part; the whole stays under 100 KB (HistorySizeTest). */
  static final int EVIDENCE_BUDGET = 20_000;
  static final int RECORDS_BUDGET = 10_000;
  static final int TOTAL_BUDGET = 88_000;

  private final String namespace;
  private final String pipeline;
  private final List<RunEntry> runs = new ArrayList<>();
  private final Set<String> uids = new HashSet<>();
  private final Map<String, TestEvidence> tests = new LinkedHashMap<>();
  private final Map<String, TrackRecord> records = new LinkedHashMap<>();
  private Instant watermark;
  private long runsRecorded;
  /** The estimated size of the runs kept, kept up to date as they come and go. */
  private int runBytes;

  public Ledger(String namespace, String pipeline) {
    this.namespace = namespace;
    this.pipeline = pipeline;
  }

  /** A ledger that goes on from a stored view. */
  public static Ledger from(HistoryView view) {
    Ledger ledger = new Ledger(view.namespace(), view.pipeline());
    view.runs().forEach(ledger::insert);
    view.tests().forEach(t -> ledger.tests.put(t.test(), t));
    view.trackRecords().forEach(r -> ledger.records.put(r.key(), r));
    ledger.watermark = view.watermark();
    ledger.runsRecorded = Math.max(view.runsRecorded(), view.runs().size());
    ledger.trim();
    return ledger;
  }

  /** Records a finished run; false when it was recorded before (or finished before the watermark). */
  public boolean record(FinishedRun run) {
    if (recorded(run.uid(), run.finished())) {
      return false;
    }
    RunEntry entry = RunEntry.of(run);
    insert(entry);
    runsRecorded++;
    collectSameRevisionEvidence(entry);
    if (run.corrective() && run.chosenBy().action().heals()) {
      Decision chose = run.chosenBy();
      String key = TrackRecord.key(chose.signature(), chose.strategy());
      TrackRecord record = records.remove(key);
      if (record == null) {
        record = TrackRecord.start(chose.signature(), chose.strategy(), run.finished());
      }
      records.put(key, record.plus(run.succeeded(), run.finished())); // re-put: most recently used last
    }
    trim();
    return true;
  }

  /** Whether {@link #record} would refuse this run: recorded before, or finished at or before the watermark. */
  public boolean recorded(String uid, Instant finished) {
    return uids.contains(uid) || (watermark != null && !finished.isAfter(watermark));
  }

  /**
   * Notes what the healer decided for a recorded failure (a run is recorded when it finishes, before it is judged);
   * false when the run is not kept or already carries this decision.
   */
  public boolean decide(String uid, Decision decision) {
    for (int i = 0; i < runs.size(); i++) {
      RunEntry run = runs.get(i);
      if (run.uid().equals(uid)) {
        if (decision.equals(run.decision())) {
          return false;
        }
        RunEntry decided = run.withDecision(decision);
        runs.set(i, decided);
        runBytes += decided.estimatedBytes() - run.estimatedBytes();
        trim();
        return true;
      }
    }
    return false;
  }

  /** Forgets the track records of a signature (every strategy); returns how many there were. */
  public int reset(String signature) {
    int before = records.size();
    records.values().removeIf(r -> r.signature().equals(signature));
    return before - records.size();
  }

  public HistoryView view() {
    return new HistoryView(namespace, pipeline, runs, watermark, runsRecorded, List.copyOf(tests.values()),
        List.copyOf(records.values()));
  }

  private void insert(RunEntry entry) {
    int at = runs.size();
    while (at > 0 && runs.get(at - 1).finished().isAfter(entry.finished())) {
      at--;
    }
    runs.add(at, entry);
    uids.add(entry.uid());
    runBytes += entry.estimatedBytes();
  }

  /** A test failed in one run and another run of the same input passed: in either order of recording. */
  private void collectSameRevisionEvidence(RunEntry entry) {
    if (entry.revision() == null) {
      return;
    }
    if (entry.succeeded()) {
      for (RunEntry failed : runs) {
        if (!failed.succeeded() && failed.sameInputAs(entry) && countsAsEvidence(failed)) {
          addEvidence(failed, entry);
        }
      }
    } else if (countsAsEvidence(entry)) {
      runs.stream()
          .filter(other -> other.succeeded() && other.sameInputAs(entry))
          .max(Comparator.comparing(RunEntry::finished))
          .ifPresent(passed -> addEvidence(entry, passed));
    }
  }

  private static boolean countsAsEvidence(RunEntry failed) {
    return !failed.failedTests().isEmpty() && failed.failedTestCount() <= MAX_TESTS_PER_RUN;
  }

  private void addEvidence(RunEntry failed, RunEntry passed) {
    Instant at = failed.finished().isAfter(passed.finished()) ? failed.finished() : passed.finished();
    SameRevisionEvidence evidence =
        new SameRevisionEvidence(at, failed.revision(), failed.name(), passed.name(), failed.failedTestCount());
    for (String test : failed.failedTests()) {
      TestEvidence known = tests.remove(test);
      List<SameRevisionEvidence> list = new ArrayList<>(known == null ? List.of() : known.sameRevision());
      if (list.stream().noneMatch(e -> e.failedRun().equals(failed.name()))) {
        list.add(evidence);
        list.sort(Comparator.comparing(SameRevisionEvidence::at));
      }
      if (list.size() > EVIDENCE_PER_TEST) {
        list = list.subList(list.size() - EVIDENCE_PER_TEST, list.size());
      }
      tests.put(test, new TestEvidence(test, list));
    }
  }

  /** Keeps every part within its budget: the stalest evidence, the least used records, the oldest runs go. */
  private void trim() {
    int evidenceBytes = tests.values().stream().mapToInt(TestEvidence::estimatedBytes).sum();
    if (evidenceBytes > EVIDENCE_BUDGET) {
      List<TestEvidence> stalestFirst = new ArrayList<>(tests.values());
      stalestFirst.sort(Comparator.comparing(TestEvidence::latest));
      for (int i = 0; evidenceBytes > EVIDENCE_BUDGET; i++) {
        tests.remove(stalestFirst.get(i).test());
        evidenceBytes -= stalestFirst.get(i).estimatedBytes();
      }
    }
    int recordBytes = records.values().stream().mapToInt(TrackRecord::estimatedBytes).sum();
    while (recordBytes > RECORDS_BUDGET) {
      TrackRecord leastUsed = records.values().iterator().next();
      records.remove(leastUsed.key());
      recordBytes -= leastUsed.estimatedBytes();
    }
    while (!runs.isEmpty() && (runs.size() > MAX_RUNS || runBytes + evidenceBytes + recordBytes > TOTAL_BUDGET)) {
      RunEntry oldest = runs.remove(0);
      uids.remove(oldest.uid());
      runBytes -= oldest.estimatedBytes();
      if (watermark == null || oldest.finished().isAfter(watermark)) {
        watermark = oldest.finished();
      }
    }
  }
}
