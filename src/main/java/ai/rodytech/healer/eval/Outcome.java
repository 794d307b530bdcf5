package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.plan.Action;

/**
 * What one decider made of one case.
 *
 * @param name the case's name
 * @param label the category a person gave it
 * @param predicted the category decided
 * @param action the action decided
 */
public record Outcome(String name, Category label, Category predicted, Action action) {

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
