package ai.rodytech.healer.operator;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.List;

/** Placeholder until the rules brain is wired in: proposes retry_stage whenever it is allowed. */
public final class MinimalBrain implements Brain {
  public static final MinimalBrain INSTANCE = new MinimalBrain();

  @Override
  public Diagnosis diagnose(FailureSnapshot snapshot, BrainContext context) {
    Action action = context.allows(Action.RETRY_STAGE) ? Action.RETRY_STAGE : Action.ALERT_HUMAN;
    return Diagnosis.of(Category.UNKNOWN, action, 0.1, "No diagnosis yet; retrying once is the minimal decision.",
        List.of(), List.of(), name());
  }

  @Override
  public String name() {
    return "minimal";
  }
}
