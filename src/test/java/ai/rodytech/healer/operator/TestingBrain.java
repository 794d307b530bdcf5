package ai.rodytech.healer.operator;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.List;
import java.util.Map;

/** A brain that always answers the same, for tests of everything after the diagnosis. */
record TestingBrain(Category category, Map<String, String> arguments) implements Brain {

  TestingBrain(Category category) {
    this(category, Map.of());
  }

  @Override
  public Diagnosis diagnose(FailureSnapshot snapshot, BrainContext context) {
    Action action = context.allows(category.expectedAction()) ? category.expectedAction() : Action.ALERT_HUMAN;
    return new Diagnosis(category, action, 0.9, "Testing brain says " + category.wireName() + ".",
        List.of(new Evidence(1, "evidence for " + category.wireName())), List.of(), arguments, "testing", List.of(),
        0, 0);
  }

  @Override
  public String name() {
    return "testing";
  }
}
