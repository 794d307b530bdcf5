package ai.rodytech.healer.core.history;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.history.FlakyTests.Finding;
import ai.rodytech.healer.core.plan.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a brain's diagnosis and the pipeline's history into the diagnosis to act on. Pure: no clock, no cluster.
 *
 * <ul>
 *   <li>Every failing test known to be flaky: {@code flaky_test → retry_stage}, with the history as evidence,
 *       even when the log alone read as a genuine failure.
 *   <li>A failing test with no history of flaking next to a flaky one: a person decides.
 *   <li>A strategy whose recent attempts for this signature healed less than the cut-off: a person decides, told
 *       the record. Otherwise the record is added as a note, for incidents, Events and alerts.
 * </ul>
 */
public final class HistoryJudge {
  /** What history did to the diagnosis. */
  public enum Ruling {
    /** The brain's action stands (notes may have been added). */
    UNCHANGED,
    /** Every failing test is known flaky: retry. */
    KNOWN_FLAKY,
    /** A retry for flaky tests, refused because another failing test has no history of flaking. */
    NEW_FAILURE_NEXT_TO_FLAKY,
    /** The strategy's track record for the signature is below the cut-off. */
    TRACK_RECORD_TOO_LOW
  }

  /**
   * The diagnosis to act on and why.
   *
   * @param diagnosis the diagnosis after history
   * @param ruling what history changed
   * @param flaky the failing tests history shows flaky, with their evidence
   * @param trackRecord the record of the proposed strategy for the signature, when there is one
   */
  public record Judgement(Diagnosis diagnosis, Ruling ruling, List<Finding> flaky, Optional<TrackRecord> trackRecord) {
    public Judgement {
      flaky = List.copyOf(flaky);
    }
  }

  /** Categories whose action history may turn into a retry: what the log could not explain. */
  private static final Set<Category> RETRIABLE_BY_HISTORY =
      EnumSet.of(Category.GENUINE_FAILURE, Category.UNKNOWN, Category.FLAKY_TEST);

  /** Confidence of a flaky_test diagnosis that rests on the pipeline's own history. */
  static final double HISTORY_CONFIDENCE = 0.8;

  public Judgement judge(Diagnosis diagnosis, HistoryView view, HistoryRules rules, Instant now) {
    List<String> tests = TestNames.normalizeAll(diagnosis.failingTests());
    Map<String, Finding> flaky = new LinkedHashMap<>();
    List<String> notFlaky = new ArrayList<>();
    if (!tests.isEmpty() && !rules.massFailure(tests.size())) {
      for (String test : tests) {
        FlakyTests.assess(test, view, rules, now).ifPresentOrElse(f -> flaky.put(test, f), () -> notFlaky.add(test));
      }
    }
    Diagnosis judged = diagnosis;
    Ruling ruling = Ruling.UNCHANGED;
    if (!flaky.isEmpty() && notFlaky.isEmpty() && RETRIABLE_BY_HISTORY.contains(diagnosis.category())) {
      judged = knownFlaky(diagnosis, List.copyOf(flaky.values()));
      ruling = Ruling.KNOWN_FLAKY;
    } else if (!flaky.isEmpty() && !notFlaky.isEmpty()) {
      String why = String.join(", ", flaky.keySet()) + (flaky.size() == 1 ? " is" : " are")
          + " known to be flaky here, but " + String.join(", ", notFlaky) + " failed too and "
          + (notFlaky.size() == 1 ? "has" : "have") + " no history of flaking";
      if (diagnosis.action() == Action.RETRY_STAGE && diagnosis.category() == Category.FLAKY_TEST) {
        judged = toPerson(diagnosis, why + ", so a person decides.");
        ruling = Ruling.NEW_FAILURE_NEXT_TO_FLAKY;
      } else {
        judged = diagnosis.withNote("history: " + why);
      }
    }
    Optional<TrackRecord> record = Optional.empty();
    Action action = judged.action() == null ? Action.ALERT_HUMAN : judged.action();
    if (action.heals()) {
      record = view.trackRecord(Signatures.of(judged).get(0), action.wireName());
      if (record.isPresent() && tooLow(record.get(), rules)) {
        judged = toPerson(judged, stopped(record.get(), rules, view));
        ruling = Ruling.TRACK_RECORD_TOO_LOW;
      } else if (record.isPresent()) {
        judged = judged.withNote("history: " + record.get().describe());
      }
    }
    return new Judgement(judged, ruling, List.copyOf(flaky.values()), record);
  }

  static boolean tooLow(TrackRecord record, HistoryRules rules) {
    return record.recentAttempts() >= rules.trackRecordMinimumAttempts()
        && record.recentSuccess() < rules.trackRecordCutoff();
  }

  private static Diagnosis knownFlaky(Diagnosis diagnosis, List<Finding> findings) {
    List<Evidence> evidence = new ArrayList<>();
    findings.forEach(f -> evidence.add(new Evidence(0, f.evidence())));
    evidence.addAll(diagnosis.evidence());
    List<String> names = findings.stream().map(Finding::test).toList();
    String summary = "Every failing test is known to be flaky in this pipeline (" + String.join(", ", names)
        + "); running it again should pass.";
    List<String> notes = new ArrayList<>(diagnosis.notes());
    if (diagnosis.category() != Category.FLAKY_TEST) {
      notes.add(String.format(Locale.ROOT, "history: the log alone read as %s (%.2f): %s",
          diagnosis.category().wireName(), diagnosis.confidence(), diagnosis.summary()));
    }
    return new Diagnosis(Category.FLAKY_TEST, Action.RETRY_STAGE,
        Math.max(diagnosis.confidence(), HISTORY_CONFIDENCE), summary, evidence, diagnosis.failingTests(),
        diagnosis.arguments(), diagnosis.brain() + "+history", notes, diagnosis.tokensIn(), diagnosis.tokensOut());
  }

  private static String stopped(TrackRecord record, HistoryRules rules, HistoryView view) {
    return String.format(Locale.ROOT,
        "Here %s healed only %d of the last %d failures with signature %s (%.0f%%, below the cut-off of %.0f%%),"
            + " so it is no longer tried and a person decides (reset with: healer history reset -n %s --pipeline %s"
            + " --signature %s).",
        record.strategy(), record.recentHealed(), record.recentAttempts(), record.signature(),
        100 * record.recentSuccess(), 100 * rules.trackRecordCutoff(), view.namespace(), view.pipeline(),
        record.signature());
  }

  /** The same diagnosis handed to a person, the reason appended to its summary and kept as a note. */
  private static Diagnosis toPerson(Diagnosis diagnosis, String reason) {
    String summary = diagnosis.summary() == null || diagnosis.summary().isBlank()
        ? reason : diagnosis.summary().strip() + " " + reason;
    return new Diagnosis(diagnosis.category(), Action.ALERT_HUMAN, diagnosis.confidence(), summary,
        diagnosis.evidence(), diagnosis.failingTests(), diagnosis.arguments(), diagnosis.brain(),
        append(diagnosis.notes(), "history: " + reason), diagnosis.tokensIn(), diagnosis.tokensOut());
  }

  private static List<String> append(List<String> notes, String note) {
    List<String> all = new ArrayList<>(notes);
    all.add(note);
    return all;
  }
}
