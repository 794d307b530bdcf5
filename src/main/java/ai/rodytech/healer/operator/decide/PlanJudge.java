package ai.rodytech.healer.operator.decide;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.PlanApplier;
import ai.rodytech.healer.core.change.RunDiff;
import ai.rodytech.healer.core.guard.Guard;
import ai.rodytech.healer.core.guard.GuardInput;
import ai.rodytech.healer.core.guard.LineageState;
import ai.rodytech.healer.core.guard.Verdict;
import ai.rodytech.healer.core.guard.Violation;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.operator.act.RunLauncher;
import ai.rodytech.healer.operator.run.CorrectiveRun;
import ai.rodytech.healer.operator.run.RunHandle;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Optional;

/**
 * The guard phase for any run kind: builds the corrective run a plan asks for from the failed run, diffs it
 * against the failed run, runs the guard chain, and, when the guard approves and the policy asks, the server-side
 * dry run. The same judgement is made when a plan is first decided and again when a recorded plan is carried out
 * later (after an approval, a restart, a failed create), always against the policy of the moment.
 */
public final class PlanJudge {
  private final Guard guard;
  private final RunLauncher launcher;
  private final Clock clock;

  public PlanJudge(Guard guard, RunLauncher launcher, Clock clock) {
    this.guard = guard;
    this.launcher = launcher;
    this.clock = clock;
  }

  /** What the guard phase found. */
  public sealed interface Judgement permits Approved, Refused, Deferred {}

  /**
   * Approved: create {@code candidate}.
   *
   * @param dryRunChecked whether the dry run was asked and passed
   */
  public record Approved(ObjectNode candidate, ChangeSet change, Verdict verdict, boolean dryRunChecked)
      implements Judgement {}

  /** Refused, with the guard's (or the dry run's, DryRunRejected) reason; {@code diff} may be null. */
  public record Refused(String reason, String message, String diff) implements Judgement {}

  /** Not now: look again after the violation's retryAfter (a cooldown). */
  public record Deferred(Violation violation) implements Judgement {}

  public static final String DRY_RUN_REJECTED = "DryRunRejected";
  public static final String NOT_APPLICABLE = "PlanNotApplicable";

  public Judgement judge(
      RunHandle<?> failed, RecoveryPlan plan, CorrectiveRun next, PolicyRules rules, LineageState state) {
    ObjectNode candidate;
    try {
      candidate = PlanApplier.apply(plan, failed.corrective(next, plan), failed.kind().layout());
    } catch (IllegalArgumentException e) {
      return new Refused(NOT_APPLICABLE, "the plan does not fit the run: " + e.getMessage(), null);
    }
    ChangeSet change = RunDiff.between(failed.comparable(plan), candidate, failed.kind().layout());
    Verdict verdict = guard.evaluate(new GuardInput(rules, state, plan, change, clock.instant()));
    Optional<Violation> violation = verdict.violation();
    if (violation.isPresent()) {
      return violation.get().deferral() ? new Deferred(violation.get())
          : new Refused(violation.get().reason(), violation.get().message(), change.unifiedDiff());
    }
    if (rules.dryRun()) {
      Optional<String> refused = launcher.dryRun(failed.kind(), candidate);
      if (refused.isPresent()) {
        return new Refused(DRY_RUN_REJECTED, "The API server refused the dry run: " + refused.get(),
            change.unifiedDiff());
      }
    }
    return new Approved(candidate, change, verdict, rules.dryRun());
  }
}
