package ai.rodytech.healer.llm;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A rules brain stand-in that answers one fixed diagnosis and counts how often it was asked. */
final class TestingBrain implements Brain {
  private final Diagnosis answer;
  private final AtomicInteger calls = new AtomicInteger();

  TestingBrain(Diagnosis answer) {
    this.answer = answer;
  }

  static TestingBrain saying(Category category, double confidence, Evidence... evidence) {
    Action action = category.expectedAction();
    return new TestingBrain(
        Diagnosis.of(category, action, confidence, "rules say " + category.wireName(), List.of(evidence), List.of(),
            "rules"));
  }

  @Override
  public Diagnosis diagnose(FailureSnapshot snapshot, BrainContext context) {
    calls.incrementAndGet();
    return answer;
  }

  @Override
  public String name() {
    return "rules";
  }

  int calls() {
    return calls.get();
  }
}
