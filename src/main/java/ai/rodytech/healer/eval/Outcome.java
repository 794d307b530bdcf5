package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.plan.Action;
import java.util.List;

/**
 * What one decider made of one case.
 *
 * @param name the case's name
 * @param label the category a person gave it
 * @param predicted the category decided
 * @param action the action decided
 * @param project the case's project
 * @param signatures the signatures that decided (empty for baselines and for unknown)
 */
public record Outcome(
    String name, Category label, Category predicted, Action action, String project, List<String> signatures) {

  public Outcome {
    signatures = List.copyOf(signatures);
  }

  /** A decider that names no signature (the baselines). */
  public Outcome(EvalCase c, Category predicted, Action action) {
    this(c.name(), c.label(), predicted, action, c.project(), List.of());
  }

  public boolean categoryRight() {
    return label == predicted;
  }

  public boolean heals() {
    return action.heals();
  }

  /** Whether the action is the one that heals this label. */
  public boolean actionRight() {
    return action == label.expectedAction();
  }

  public boolean healable() {
    return label.expectedAction().heals();
  }
}
