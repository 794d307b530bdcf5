package ai.rodytech.healer.api;

import ai.rodytech.healer.core.history.Decision;
import ai.rodytech.healer.core.history.HistoryView;
import ai.rodytech.healer.core.history.RunEntry;
import ai.rodytech.healer.core.history.SameRevisionEvidence;
import ai.rodytech.healer.core.history.TestEvidence;
import ai.rodytech.healer.core.history.TrackRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Converts between the stored {@link HistoryStatus} and the decision core's {@link HistoryView}. Reading is
 * lenient: an entry a person broke by hand (no UID, an unreadable time) is dropped, not fatal.
 */
public final class HistoryStatusMapper {
  private HistoryStatusMapper() {}

  public static HistoryStatus toStatus(HistoryView view) {
    HistoryStatus status = new HistoryStatus();
    status.runsRecorded = view.runsRecorded();
    status.watermark = text(view.watermark());
    status.consecutiveFailures = view.consecutiveFailures();
    status.testsWithEvidence = view.tests().size();
    status.lastRunAt = view.lastRun().map(r -> text(r.finished())).orElse(null);
    view.runs().forEach(r -> status.runs.add(run(r)));
    view.tests().forEach(t -> status.tests.add(test(t)));
    view.trackRecords().forEach(r -> status.trackRecords.add(trackRecord(r)));
    return status;
  }

  /** The view stored in a history's status; an empty view when there is none. */
  public static HistoryView toView(String namespace, String pipeline, HistoryStatus status) {
    if (status == null) {
      return HistoryView.empty(namespace, pipeline);
    }
    List<RunEntry> runs = new ArrayList<>();
    for (HistoryStatus.Run r : nonNull(status.runs)) {
      Instant finished = instant(r.finished);
      if (r.uid != null && r.name != null && finished != null) {
        runs.add(new RunEntry(r.uid, r.name, finished, Boolean.TRUE.equals(r.ok), r.rev, r.images,
            nonNull(r.failed), r.failedCount == null ? 0 : r.failedCount, decision(r.decision), r.retryOf,
            r.attempt == null ? 0 : r.attempt, decision(r.chosenBy)));
      }
    }
    List<TestEvidence> tests = new ArrayList<>();
    for (HistoryStatus.TestRecord t : nonNull(status.tests)) {
      List<SameRevisionEvidence> evidence = nonNull(t.sameRevision).stream()
          .filter(e -> instant(e.at) != null && e.failedRun != null && e.passedRun != null)
          .map(e -> new SameRevisionEvidence(instant(e.at), e.rev, e.failedRun, e.passedRun,
              e.testsFailed == null ? 1 : e.testsFailed))
          .toList();
      if (t.test != null && !evidence.isEmpty()) {
        tests.add(new TestEvidence(t.test, evidence));
      }
    }
    List<TrackRecord> records = nonNull(status.trackRecords).stream()
        .filter(r -> r.signature != null && r.strategy != null)
        .map(r -> new TrackRecord(r.signature, r.strategy, r.recent, orZero(r.healed), orZero(r.attempts),
            instant(r.lastAttemptAt), instant(r.since)))
        .toList();
    long recorded = status.runsRecorded == null ? runs.size() : status.runsRecorded;
    return new HistoryView(namespace, pipeline, runs, instant(status.watermark), recorded, tests, records);
  }

  private static HistoryStatus.Run run(RunEntry entry) {
    HistoryStatus.Run run = new HistoryStatus.Run();
    run.uid = entry.uid();
    run.name = entry.name();
    run.finished = text(entry.finished());
    run.ok = entry.succeeded();
    run.rev = entry.revision();
    run.images = entry.images();
    run.failed = new ArrayList<>(entry.failedTests());
    run.failedCount = entry.failedTestCount() > entry.failedTests().size() ? entry.failedTestCount() : null;
    run.decision = choice(entry.decision());
    run.retryOf = entry.retryOf();
    run.attempt = entry.attempt() > 0 ? entry.attempt() : null;
    run.chosenBy = choice(entry.chosenBy());
    return run;
  }

  private static HistoryStatus.TestRecord test(TestEvidence evidence) {
    HistoryStatus.TestRecord test = new HistoryStatus.TestRecord();
    test.test = evidence.test();
    for (SameRevisionEvidence e : evidence.sameRevision()) {
      HistoryStatus.SameRevision same = new HistoryStatus.SameRevision();
      same.at = text(e.at());
      same.rev = e.revision();
      same.failedRun = e.failedRun();
      same.passedRun = e.passedRun();
      same.testsFailed = e.testsFailed();
      test.sameRevision.add(same);
    }
    return test;
  }

  private static HistoryStatus.TrackRecordEntry trackRecord(TrackRecord record) {
    HistoryStatus.TrackRecordEntry entry = new HistoryStatus.TrackRecordEntry();
    entry.signature = record.signature();
    entry.strategy = record.strategy();
    entry.recent = record.recent();
    entry.healed = record.healed();
    entry.attempts = record.attempts();
    entry.lastAttemptAt = text(record.lastAttemptAt());
    entry.since = text(record.since());
    return entry;
  }

  private static HistoryStatus.Choice choice(Decision decision) {
    if (decision == null) {
      return null;
    }
    HistoryStatus.Choice choice = new HistoryStatus.Choice();
    choice.signatures = new ArrayList<>(decision.signatures());
    choice.strategy = decision.strategy();
    return choice;
  }

  private static Decision decision(HistoryStatus.Choice choice) {
    if (choice == null) {
      return null;
    }
    try {
      return new Decision(choice.signatures, choice.strategy);
    } catch (IllegalArgumentException e) {
      return null; // edited by hand into something that is no decision
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }
}
