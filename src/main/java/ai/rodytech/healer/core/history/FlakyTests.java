package ai.rodytech.healer.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from a pipeline's history whether a test is flaky, the way flaky-test tools do: the same input both
 * failed and passed, or the test flips between pass and fail too often over the latest runs. Evidence older
 * than the recovery window does not count, nor do runs in which many tests failed at once (an outage).
 *
 * <p>A test's result in a run is known only when the run tells: it passed in a successful run, it failed in a
 * failed run that names it. A failed run that does not name it (a compile error, a log cut short) says nothing.
 */
public final class FlakyTests {
  /** Which rule found a test flaky. */
  public enum Rule {
    SAME_REVISION,
    FLIP_RATE
  }

  /**
   * Why a test is known to be flaky.
   *
   * @param test the test
   * @param rule the rule that found it
   * @param evidence a sentence a person reads, naming the runs or the rate
   */
  public record Finding(String test, Rule rule, String evidence) {}

  private FlakyTests() {}

  /** The finding for one test, or empty when its history does not show it flaky. */
  public static Optional<Finding> assess(String test, HistoryView view, HistoryRules rules, Instant now) {
    Optional<Finding> sameRevision = sameRevision(test, view, rules, now);
    return sameRevision.isPresent() ? sameRevision : flipRate(test, view, rules, now);
  }

  /** Every test the history shows flaky now, e.g. for a metric or {@code healer history show}. */
  public static List<Finding> known(HistoryView view, HistoryRules rules, Instant now) {
    Set<String> candidates = new LinkedHashSet<>();
    view.tests().forEach(t -> candidates.add(t.test()));
    view.latest(rules.windowRuns()).forEach(r -> candidates.addAll(r.failedTests()));
    List<Finding> findings = new ArrayList<>();
    for (String test : candidates) {
      assess(test, view, rules, now).ifPresent(findings::add);
    }
    return findings;
  }

  private static Optional<Finding> sameRevision(String test, HistoryView view, HistoryRules rules, Instant now) {
    Instant since = now.minus(rules.recoveryWindow());
    List<SameRevisionEvidence> counted = view.evidence(test).map(TestEvidence::sameRevision).orElse(List.of())
        .stream()
        .filter(e -> !e.at().isBefore(since) && !rules.massFailure(e.testsFailed()))
        .toList();
    if (counted.isEmpty()) {
      return Optional.empty();
    }
    SameRevisionEvidence latest = counted.get(counted.size() - 1);
    String times = counted.size() == 1 ? "once" : counted.size() + " times";
    return Optional.of(new Finding(test, Rule.SAME_REVISION, String.format(Locale.ROOT,
        "%s failed and passed on the same commit %s %s (latest: commit %s failed in %s and passed in %s)",
        test, times, span(view, counted.get(0), rules.recoveryWindow()), shortRevision(latest.revision()),
        latest.failedRun(), latest.passedRun())));
  }

  /** "in the last 20 runs" when the earliest evidence's run is still kept, else "in the last 14 days". */
  private static String span(HistoryView view, SameRevisionEvidence earliest, Duration recoveryWindow) {
    List<RunEntry> runs = view.runs();
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).name().equals(earliest.failedRun())) {
        return "in the last " + (runs.size() - i) + " runs";
      }
    }
    return "in the last " + Math.max(1, recoveryWindow.toDays()) + " days";
  }

  private static Optional<Finding> flipRate(String test, HistoryView view, HistoryRules rules, Instant now) {
    Instant since = now.minus(rules.recoveryWindow());
    List<Boolean> results = new ArrayList<>();
    for (RunEntry run : view.latest(rules.windowRuns())) {
      if (run.finished().isBefore(since)) {
        continue;
      }
      if (run.succeeded()) {
        results.add(true);
      } else if (!rules.massFailure(run.failedTestCount()) && run.failedTests().contains(test)) {
        results.add(false);
      }
    }
    if (results.size() < Math.max(2, rules.minimumSample())) {
      return Optional.empty();
    }
    int flips = 0;
    int failureStreaks = 0;
    for (int i = 0; i < results.size(); i++) {
      if (i > 0 && !results.get(i).equals(results.get(i - 1))) {
        flips++;
      }
      if (!results.get(i) && (i == 0 || results.get(i - 1))) {
        failureStreaks++;
      }
    }
    double rate = (double) flips / (results.size() - 1);
    // One failure between passes is a regression fixed, however short the window: flaking takes two.
    if (rate < rules.flipRateThreshold() || failureStreaks < 2) {
      return Optional.empty();
    }
    return Optional.of(new Finding(test, Rule.FLIP_RATE, String.format(Locale.ROOT,
        "%s flipped between pass and fail %d times in its %d results of the last %d runs (flip rate %.2f,"
            + " threshold %.2f)",
        test, flips, results.size(), rules.windowRuns(), rate, rules.flipRateThreshold())));
  }

  static String shortRevision(String revision) {
    return revision != null && revision.length() > 12 && revision.matches("[0-9a-f]+")
        ? revision.substring(0, 12) : revision;
  }
}
