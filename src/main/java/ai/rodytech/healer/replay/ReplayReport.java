package ai.rodytech.healer.replay;

import ai.rodytech.healer.replay.Replayer.FailureOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a policy would have done over a history.
 *
 * @param runs runs replayed
 * @param failures failed runs among them (corrective runs not counted)
 * @param heals failures healed by a corrective run
 * @param pages failures handed to a person (no healing action fits, the guard refused, retries used up, a track
 *     record too low)
 * @param belowThreshold failures the policy let pass without acting, below failureThreshold
 * @param unknownOutcomes failures acted on whose corrective run's result the history cannot tell
 * @param retriesSpent corrective runs created
 * @param memoryAddedMiB memory added by increase_memory, summed over the corrective runs, in MiB
 * @param ciMinutes CI minutes the corrective runs took
 * @param knownFlakyRetries failures retried because history knew every failing test flaky
 * @param trackRecordStops failures handed to a person because the strategy's track record was too low
 * @param labelled failures with a label, the base of the two figures below
 * @param wrongHeals labelled failures acted on with another strategy than the label's (e.g. a genuine failure
 *     retried); null without labels
 * @param missedHeals labelled failures whose label calls for a healing strategy that did not end healed; null
 *     without labels
 * @param missedBelowThreshold of the missed heals, those below failureThreshold; null without labels
 * @param ledgerRuns runs the replay's ledgers hold at the end (the healer's memory), summed over pipelines
 * @param millis how long the replay took
 * @param cpuMillis the CPU time it took, every thread of the process counted (-1 when unknown): on a busy machine
 *     the fairer figure
 * @param outcomes what the policy did with each failure, in replay order
 */
public record ReplayReport(
    int runs,
    int failures,
    int heals,
    int pages,
    int belowThreshold,
    int unknownOutcomes,
    int retriesSpent,
    long memoryAddedMiB,
    long ciMinutes,
    int knownFlakyRetries,
    int trackRecordStops,
    int labelled,
    Integer wrongHeals,
    Integer missedHeals,
    Integer missedBelowThreshold,
    int ledgerRuns,
    long millis,
    long cpuMillis,
    List<FailureOutcome> outcomes) {

  public ReplayReport {
    outcomes = List.copyOf(outcomes);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("runs", runs);
    json.put("failures", failures);
    json.put("heals", heals);
    json.put("pages", pages);
    json.put("belowThreshold", belowThreshold);
    json.put("unknownOutcomes", unknownOutcomes);
    json.put("retriesSpent", retriesSpent);
    json.put("memoryAddedMiB", memoryAddedMiB);
    json.put("ciMinutes", ciMinutes);
    json.put("knownFlakyRetries", knownFlakyRetries);
    json.put("trackRecordStops", trackRecordStops);
    json.put("labelled", labelled);
    json.put("wrongHeals", wrongHeals);
    json.put("missedHeals", missedHeals);
    json.put("missedBelowThreshold", missedBelowThreshold);
    json.put("ledgerRuns", ledgerRuns);
    json.put("millis", millis);
    json.put("cpuMillis", cpuMillis);
    return json;
  }

  public String toText() {
    StringBuilder text = new StringBuilder();
    line(text, "runs", runs + " (" + failures + " failed)");
    line(text, "heals", Integer.toString(heals));
    line(text, "pages", Integer.toString(pages));
    line(text, "below threshold", belowThreshold + " (no action, as failureThreshold asks)");
    if (unknownOutcomes > 0) {
      line(text, "unknown outcomes", unknownOutcomes + " (acted on; the history cannot tell how it ended)");
    }
    line(text, "retries spent", retriesSpent + " corrective runs");
    line(text, "memory added", memoryAddedMiB + " MiB (increase_memory)");
    line(text, "CI minutes spent", ciMinutes + " (corrective runs)");
    line(text, "history", knownFlakyRetries + " retried as known flaky, " + trackRecordStops
        + " stopped by a track record; the ledgers hold " + ledgerRuns + " runs");
    if (wrongHeals == null) {
      line(text, "wrong heals", "n/a (no labels)");
      line(text, "missed heals", "n/a (no labels)");
    } else {
      line(text, "wrong heals", wrongHeals + " of " + labelled + " labelled failures");
      line(text, "missed heals", missedHeals + " of " + labelled + " labelled failures (" + missedBelowThreshold
          + " below the threshold)");
    }
    text.append(String.format(Locale.ROOT, "replayed in %.2f s (%.2f s of CPU)%n", millis / 1000.0, cpuMillis / 1000.0));
    return text.toString();
  }

  /** One line per failure: name, label, how it ended, the strategies used and why. */
  public String outcomesText() {
    StringBuilder text = new StringBuilder();
    for (FailureOutcome o : outcomes) {
      text.append(String.format(Locale.ROOT, "%-60s %-18s %-15s %s%s%n", o.name(), o.label() == null ? "-" : o.label(),
          o.end().name().toLowerCase(Locale.ROOT), String.join(",", o.strategies()),
          o.reason().isEmpty() ? "" : " " + o.reason()));
    }
    return text.toString();
  }

  private static void line(StringBuilder text, String name, String value) {
    text.append(String.format(Locale.ROOT, "%-18s %s%n", name, value));
  }
}
