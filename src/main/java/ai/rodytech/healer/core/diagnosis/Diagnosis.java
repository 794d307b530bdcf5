package ai.rodytech.healer.core.diagnosis;

import ai.rodytech.healer.core.plan.Action;
import java.util.List;
import java.util.Map;

/**
 * A brain's answer for one failure: what it is, how sure, why, and what it proposes.
 *
 * @param category the failure's kind
 * @param action the proposed action (already alert_human when nothing fits)
 * @param confidence 0..1
 * @param summary one sentence a developer understands
 * @param evidence the lines that prove it, redacted
 * @param failingTests names of failing tests the log shows
 * @param arguments the proposal's arguments (e.g. container, newLimit, pin, newValue); empty for rules proposals
 *     that the planner works out itself
 * @param brain which brain answered: rules, llm, or e.g. "rules (llm fallback: timeout)"
 * @param notes how the answer came about: fallbacks, refusals of a model's proposal, anything unusual
 * @param tokensIn prompt tokens spent (0 for the rules brain)
 * @param tokensOut completion tokens spent
 * @param signatures ids of the signatures that decided (rules brain), or e.g. "llm" for the LLM brain; empty when
 *     nothing named decided
 */
public record Diagnosis(
    Category category,
    Action action,
    double confidence,
    String summary,
    List<Evidence> evidence,
    List<String> failingTests,
    Map<String, String> arguments,
    String brain,
    List<String> notes,
    int tokensIn,
    int tokensOut,
    List<String> signatures) {

  public Diagnosis {
    signatures = List.copyOf(signatures == null ? List.of() : signatures);
    evidence = List.copyOf(evidence == null ? List.of() : evidence);
    failingTests = List.copyOf(failingTests == null ? List.of() : failingTests);
    arguments = Map.copyOf(arguments == null ? Map.of() : arguments);
    notes = List.copyOf(notes == null ? List.of() : notes);
  }

  /** Without the deciding signatures: the form every brain used before they were recorded. */
  public Diagnosis(
      Category category, Action action, double confidence, String summary, List<Evidence> evidence,
      List<String> failingTests, Map<String, String> arguments, String brain, List<String> notes, int tokensIn,
      int tokensOut) {
    this(category, action, confidence, summary, evidence, failingTests, arguments, brain, notes, tokensIn, tokensOut,
        List.of());
  }

  /** A rules-style diagnosis with no tokens spent and no arguments. */
  public static Diagnosis of(
      Category category, Action action, double confidence, String summary, List<Evidence> evidence,
      List<String> failingTests, String brain) {
    return new Diagnosis(
        category, action, confidence, summary, evidence, failingTests, Map.of(), brain, List.of(), 0, 0);
  }

  public Diagnosis withAction(Action newAction, String note) {
    return new Diagnosis(
        category, newAction, confidence, summary, evidence, failingTests, arguments, brain, append(notes, note),
        tokensIn, tokensOut, signatures);
  }

  public Diagnosis withNote(String note) {
    return new Diagnosis(
        category, action, confidence, summary, evidence, failingTests, arguments, brain, append(notes, note),
        tokensIn, tokensOut, signatures);
  }

  /** The same diagnosis, recording which signatures decided it. */
  public Diagnosis withSignatures(List<String> deciding) {
    return new Diagnosis(category, action, confidence, summary, evidence, failingTests, arguments, brain, notes,
        tokensIn, tokensOut, deciding);
  }

  private static List<String> append(List<String> list, String item) {
    if (item == null || item.isBlank()) {
      return list;
    }
    return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(item)).toList();
  }
}
