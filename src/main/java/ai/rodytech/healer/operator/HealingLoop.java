package ai.rodytech.healer.operator;

import ai.rodytech.healer.operator.history.HistoryBook;
import ai.rodytech.healer.operator.decide.KnownGoodBook;
import ai.rodytech.healer.operator.decide.BrainSelector;
import ai.rodytech.healer.api.IncidentState;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.IncidentStatus.ActionRecord;
import ai.rodytech.healer.api.IncidentStatus.PendingAction;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyRulesMapper;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.guard.LineageState;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import ai.rodytech.healer.core.plan.Planner;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.act.Actuator;
import ai.rodytech.healer.operator.act.Actuator.ActResult;
import ai.rodytech.healer.operator.decide.PlanJudge;
import ai.rodytech.healer.operator.decide.PlanJudge.Approved;
import ai.rodytech.healer.operator.decide.PlanJudge.Deferred;
import ai.rodytech.healer.operator.decide.PlanJudge.Judgement;
import ai.rodytech.healer.operator.decide.PlanJudge.Refused;
import ai.rodytech.healer.operator.incident.IncidentJournal;
import ai.rodytech.healer.operator.incident.IncidentRecords;
import ai.rodytech.healer.operator.incident.PlanRecords;
import ai.rodytech.healer.operator.report.Reporter;
import ai.rodytech.healer.operator.run.CorrectiveRun;
import ai.rodytech.healer.operator.run.PipelineRuns;
import ai.rodytech.healer.operator.run.RunHandle;
import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.StartCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished run of a guarded pipeline, of any kind, taken through Observe, Diagnose, Guard, Act and Report.
 * The order and the reasons are in docs/controller-flow.md. The decision is written to the incident before the
 * corrective run is created; whoever carries out a recorded decision later decides it again.
 */
public final class HealingLoop {
  private final BrainSelector brains;
  private final Planner planner;
  private final PlanJudge judge;
  private final Actuator actuator;
  private final IncidentJournal journal;
  private final IncidentRecords records;
  private final Reporter report;
  private final KnownGoodBook knownGood;
  private final HistoryBook history;
  private final Clock clock;

  public HealingLoop(
      BrainSelector brains, Planner planner, PlanJudge judge, Actuator actuator, IncidentJournal journal,
      IncidentRecords records, Reporter report, KnownGoodBook knownGood, HistoryBook history, Clock clock) {
    this.brains = brains;
    this.planner = planner;
    this.judge = judge;
    this.actuator = actuator;
    this.journal = journal;
    this.records = records;
    this.report = report;
    this.knownGood = knownGood;
    this.history = history;
    this.clock = clock;
  }

  /** What the reconciler should do next: nothing, or look again after a while. */
  public record Next(Optional<Duration> retryAfter) {
    public static final Next DONE = new Next(Optional.empty());

    static Next after(Duration wait) {
      return new Next(Optional.of(wait));
    }
  }

  public Next onFailure(RunHandle<?> run, PipelineRecoveryPolicy policy, String pipeline, PipelineRuns runs) {
    PolicyRules rules = PolicyRulesMapper.toRules(policy.getSpec());
    Lineage lineage = run.lineage();
    int consecutive = runs.consecutiveFailures(run);
    report.finished(policy, run, pipeline, true, runs.currentFailures(run));
    if (!lineage.isRetry() && consecutive < rules.failureThreshold()) {
      belowThreshold(run, policy, rules, pipeline, consecutive);
      return Next.DONE;
    }
    PipelineIncident incident = incident(run, policy, pipeline, lineage, rules.approvalRequired());
    int next = lineage.attempt() + 1;
    if (lineage.isRetry() && !IncidentJournal.decided(incident, next)) {
      report.correctiveRunFailed(policy, incident);
    }
    if (IncidentJournal.decided(incident, next)) {
      // Decided before (an earlier event, a restart, another replica): carry out what waits, judged again.
      return resume(incident, policy, run, runs);
    }
    RunState.Failed failed = (RunState.Failed) run.state();
    FailureSnapshot snapshot = run.observe(pipeline);
    Diagnosis brain = brains.forPolicy(policy).diagnose(snapshot, brainContext(rules, pipeline));
    // Recorded before it is judged: a commit that passed before and fails now is evidence at once.
    history.failed(run, pipeline, snapshot, brain, incident);
    Diagnosis diagnosis = history.judge(policy, run.namespace(), pipeline, brain).diagnosis();
    String forPerson = failed.forPerson() != null ? failed.forPerson() : run.kind().forPerson(snapshot).orElse(null);
    RecoveryPlan plan = forPerson != null
        ? new RecoveryPlan.AlertHuman(forPerson)
        : planner.plan(diagnosis, snapshot, rules, diagnosis.action() == Action.PATCH_DEPENDENCY_VERSION
            ? knownGood.of(policy, runs) : KnownGoodVersions.NONE);
    Decision decision = new Decision(run, policy, incident, lineage, next, snapshot, diagnosis, plan);
    if (plan instanceof RecoveryPlan.AlertHuman alert) {
      return refuse(decision, "NoHealingAction", alert.reason(), null);
    }
    CorrectiveRun corrective = new CorrectiveRun(
        lineage, next, pipeline, plan.action().wireName(), incident.getMetadata().getName(), run.uid());
    Judgement judgement = judge.judge(run, plan, corrective, rules, lineageState(incident, lineage, next, runs,
        consecutive));
    if (judgement instanceof Deferred deferred) {
      return defer(decision, deferred);
    }
    if (judgement instanceof Refused refused) {
      return refuse(decision, refused.reason(), refused.message(), refused.diff());
    }
    return approve(decision, rules, corrective, (Approved) judgement);
  }

  /** One decision in the making: the run, its incident, and what observe, diagnose and plan found. */
  private record Decision(
      RunHandle<?> run, PipelineRecoveryPolicy policy, PipelineIncident incident, Lineage lineage, int attempt,
      FailureSnapshot snapshot, Diagnosis diagnosis, RecoveryPlan plan) {}

  private PipelineIncident incident(
      RunHandle<?> run, PipelineRecoveryPolicy policy, String pipeline, Lineage lineage, boolean approvalRequired) {
    // A first failure's incident is new: created without a read. A retry's exists: remembered or read.
    if (lineage.isRetry()) {
      Optional<PipelineIncident> existing = journal.find(run.namespace(), lineage.incidentName());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    return journal.open(policy, lineage, pipeline, run.kindName(), approvalRequired);
  }

  private Next defer(Decision d, Deferred deferred) {
    journal.observed(d.incident(), records.summary(d.snapshot()), records.diagnosis(d.diagnosis()), d.run().name(),
        d.lineage().attempt());
    return Next.after(deferred.violation().retryAfter());
  }

  private Next refuse(Decision d, String reason, String message, String diff) {
    String now = journal.now();
    boolean notHealing = d.plan() instanceof RecoveryPlan.AlertHuman;
    Optional<PipelineIncident> written = journal.decide(d.incident(), new IncidentJournal.Entry(
        d.attempt(), records.summary(d.snapshot()), records.diagnosis(d.diagnosis()),
        records.decision(d.attempt(), d.diagnosis(), d.plan().action().wireName(), describe(d.plan()),
            notHealing ? "NotHealing" : "Refused", reason, message, diff, now),
        "alert_human", IncidentState.NEEDS_HUMAN, null, List.of(), d.run().name(), d.lineage().attempt()));
    written.ifPresent(incident -> report.refused(d.policy(), d.run().run(), incident, d.plan().action().wireName(),
        reason, message));
    if (written.isPresent()) {
      history.decided(d.run(), d.incident().getSpec().getPipeline(), d.diagnosis(), Action.ALERT_HUMAN);
    }
    return Next.DONE;
  }

  private Next approve(Decision d, PolicyRules rules, CorrectiveRun corrective, Approved approved) {
    String now = journal.now();
    String action = d.plan().action().wireName();
    String runName = corrective.name();
    List<ActionRecord> actions = new java.util.ArrayList<>();
    if (approved.dryRunChecked()) {
      actions.add(IncidentRecords.action("DryRun", runName, "Succeeded", "dryRun=All accepted", now));
    }
    PendingAction pending = null;
    IncidentState state = IncidentState.SHADOWED;
    if (rules.shadow()) {
      actions.add(IncidentRecords.action("WouldCreate", runName, "Skipped", "shadow mode: nothing applied", now));
    } else {
      pending = new PendingAction();
      pending.attempt = d.attempt();
      pending.run = runName;
      pending.action = action;
      pending.failedRun = d.run().name();
      pending.failedRunUid = d.run().uid();
      pending.plan = PlanRecords.record(d.plan());
      pending.awaitingApproval = rules.approvalRequired();
      pending.decidedAt = now;
      state = rules.approvalRequired() ? IncidentState.PENDING_APPROVAL : IncidentState.HEALING;
    }
    if (state == IncidentState.PENDING_APPROVAL) {
      journal.labelAwaitingPerson(d.incident()); // before the status says so: the incident reconciler must see it
    }
    Optional<PipelineIncident> written = journal.decide(d.incident(), new IncidentJournal.Entry(
        d.attempt(), records.summary(d.snapshot()), records.diagnosis(d.diagnosis()),
        records.decision(d.attempt(), d.diagnosis(), action, describe(d.plan()), "Approved", null,
            "passed: " + String.join(", ", approved.verdict().passed()), approved.change().unifiedDiff(), now),
        action, state, pending, actions, d.run().name(), d.lineage().attempt()));
    if (written.isEmpty()) {
      return Next.DONE; // another pass decided this attempt first; its decision stands
    }
    PipelineIncident incident = written.get();
    history.decided(d.run(), incident.getSpec().getPipeline(), d.diagnosis(),
        rules.shadow() ? Action.ALERT_HUMAN : d.plan().action());
    String summary = String.format("%s (%.2f): %s", d.diagnosis().category().wireName(),
        d.diagnosis().confidence(), d.diagnosis().summary());
    if (rules.shadow()) {
      report.shadowed(d.policy(), d.run().run(), incident, action,
          "Shadow mode: would create " + runName + " (" + describe(d.plan()) + "). Diagnosis: " + summary);
      return Next.DONE;
    }
    if (rules.approvalRequired()) {
      report.pendingApproval(d.policy(), d.run().run(), incident, action, String.format(
          "Waiting for approval of %s: kubectl annotate pipelineincident %s %s=true (or healer approve %s)."
              + " Diagnosis: %s", describe(d.plan()), incident.getMetadata().getName(),
          PipelineIncident.APPROVE_ANNOTATION, incident.getMetadata().getName(), summary));
      return Next.DONE;
    }
    return carryOut(d.policy(), d.run(), incident, pending, approved, describe(d.plan()) + ". Diagnosis: " + summary);
  }

  private Next carryOut(PipelineRecoveryPolicy policy, RunHandle<?> failed, PipelineIncident incident,
      PendingAction pending, Approved approved, String what) {
    ActResult result = actuator.create(failed, incident, pending, approved.candidate());
    switch (result.kind()) {
      case CREATED, ALREADY_CREATED -> report.healAttempted(policy, failed, incident, pending.action,
          String.format("Created %s (attempt %d, %s): %s", pending.run, pending.attempt, pending.action, what),
          result.kind() == ActResult.Kind.CREATED);
      case RETRY -> report.createRetrying(failed.run(), result.message());
      case FAILED -> report.healFailed(policy, failed.run(), result.incident().orElse(incident), pending.action,
          result.message());
    }
    return result.kind() == ActResult.Kind.RETRY ? Next.after(result.retryAfter()) : Next.DONE;
  }

  /**
   * Carries out an incident's recorded decision if it is waiting to be carried out (approved, or left by a restart
   * or a failed create) and its run does not exist yet: decided again, against the policy as it is now.
   */
  private Next resume(
      PipelineIncident incident, PipelineRecoveryPolicy policyNow, RunHandle<?> failed, PipelineRuns runs) {
    PendingAction pending = IncidentJournal.pending(incident).orElse(null);
    if (pending == null || Boolean.TRUE.equals(pending.awaitingApproval)
        || runs.named(pending.run).isPresent()) {
      return Next.DONE;
    }
    Optional<String> refusal = actuator.stillValid(incident, policyNow, failed, pending);
    if (refusal.isPresent()) {
      return refuseAtAct(incident, policyNow, failed, pending, "DecisionStale", refusal.get());
    }
    PolicyRules rules = PolicyRulesMapper.toRules(policyNow.getSpec());
    if (rules.shadow()) {
      return refuseAtAct(incident, policyNow, failed, pending, "PolicyChanged",
          "the policy is in shadow mode now; nothing is created");
    }
    Optional<RecoveryPlan> plan = PlanRecords.plan(pending.plan);
    if (plan.isEmpty()) {
      return refuseAtAct(incident, policyNow, failed, pending, "DecisionUnreadable",
          "the recorded plan cannot be read back");
    }
    Lineage lineage = failed.lineage();
    CorrectiveRun corrective = new CorrectiveRun(lineage, pending.attempt, incident.getSpec().getPipeline(),
        plan.get().action().wireName(), incident.getMetadata().getName(), failed.uid());
    if (!corrective.name().equals(pending.run)) {
      return refuseAtAct(incident, policyNow, failed, pending, "DecisionStale",
          "the recorded run name " + pending.run + " is not the lineage's next run " + corrective.name());
    }
    Judgement judgement = judge.judge(failed, plan.get(), corrective, rules,
        lineageState(incident, lineage, pending.attempt, runs, runs.consecutiveFailures(failed)));
    if (judgement instanceof Deferred deferred) {
      return Next.after(deferred.violation().retryAfter());
    }
    if (judgement instanceof Refused refused) {
      return refuseAtAct(incident, policyNow, failed, pending, refused.reason(), refused.message());
    }
    return carryOut(policyNow, failed, incident, pending, (Approved) judgement, describe(plan.get()));
  }

  /**
   * Carries out a change a person approved, decided again now: refused when the policy is gone or no longer
   * covers the run, when the failed run is gone, or when the guard or the dry run says no today.
   */
  public Next resumeApproved(PipelineIncident incident, PipelineRecoveryPolicy policyNow,
      Optional<RunHandle<?>> failed, Optional<String> notCovered, java.util.function.Supplier<PipelineRuns> runs) {
    PendingAction pending = IncidentJournal.pending(incident).orElse(null);
    if (pending == null) {
      return Next.DONE;
    }
    Optional<String> refusal = failed.isEmpty()
        ? Optional.of("the failed run " + pending.failedRun + " it was decided for no longer exists")
        : policyNow == null ? Optional.of("the policy " + incident.getSpec().getPolicy() + " no longer exists")
        : notCovered;
    if (refusal.isPresent()) {
      journal.refusedAtAct(incident, pending.attempt, "DecisionStale", refusal.get(), IncidentState.NEEDS_HUMAN)
          .ifPresent(written -> report.refusedOnIncident(policyNow, written, pending.action, "DecisionStale",
              "the approved change to create " + pending.run + " was judged again and refused: " + refusal.get()));
      return Next.DONE;
    }
    return resume(incident, policyNow, failed.get(), runs.get());
  }

  private Next refuseAtAct(PipelineIncident incident, PipelineRecoveryPolicy policy, RunHandle<?> failed,
      PendingAction pending, String reason, String message) {
    journal.refusedAtAct(incident, pending.attempt, reason, message, IncidentState.NEEDS_HUMAN)
        .ifPresent(written -> report.refused(policy, failed.run(), written, pending.action, reason,
            "the decision waiting for " + pending.run + " was judged again and refused: " + message));
    return Next.DONE;
  }

  /**
   * Nothing is decided below the threshold, but the failure is the pipeline's history: its failing tests are what
   * flip rates are made of. It is observed once (not again on a replayed event) and read by the offline brain.
   */
  private void belowThreshold(
      RunHandle<?> run, PipelineRecoveryPolicy policy, PolicyRules rules, String pipeline, int consecutive) {
    if (!history.knows(run, pipeline)) {
      FailureSnapshot snapshot = run.observe(pipeline);
      history.failed(run, pipeline, snapshot,
          brains.offline(policy).diagnose(snapshot, brainContext(rules, pipeline)), null);
    }
    report.belowThreshold(run.run(), pipeline, consecutive, rules.failureThreshold());
  }

  /** A run of the pipeline succeeded: remember its versions, and close its lineage as healed if it was a heal. */
  public void onSuccess(RunHandle<?> run, PipelineRecoveryPolicy policy, String pipeline, PipelineRuns runs) {
    report.finished(policy, run, pipeline, false, runs.currentFailures(run));
    knownGood.record(policy, run);
    Lineage lineage = run.lineage();
    if (!lineage.isRetry()) {
      history.succeeded(run, pipeline, null);
      return;
    }
    Optional<PipelineIncident> incident = journal.find(run.namespace(), lineage.incidentName());
    history.succeeded(run, pipeline, incident.orElse(null));
    if (incident.isEmpty() || IncidentJournal.state(incident.get()).orElse(null) == IncidentState.HEALED) {
      return;
    }
    journal.healed(incident.get(), run.name(), lineage.attempt()).ifPresent(healed -> report.healed(policy,
        healed, String.format("Pipeline %s healed: %s succeeded (attempt %d).", pipeline, run.name(),
            lineage.attempt())));
  }

  /**
   * A corrective run that has not finished: once it is older than {@code timeout} and has still not started (its
   * pods refused by a quota or LimitRange, an image that does not pull, a webhook), the heal has failed and a person
   * is told why. Until then, the reconciler looks again at the deadline.
   */
  public Next watchStart(RunHandle<?> run, PipelineRecoveryPolicy policy, Duration timeout) {
    Instant created = run.created();
    if (created == null) {
      return Next.DONE;
    }
    Duration age = Duration.between(created, clock.instant());
    if (age.compareTo(timeout) < 0) {
      return Next.after(timeout.minus(age).plusMillis(100));
    }
    if (!(run.started() instanceof StartCheck.Waiting waiting)) {
      return Next.DONE;
    }
    Optional<PipelineIncident> incident = journal.find(run.namespace(), run.lineage().incidentName());
    if (incident.isEmpty() || IncidentJournal.state(incident.get()).map(IncidentState::settled).orElse(true)) {
      return Next.DONE;
    }
    String why = String.format("%s %s has not started after %ds%s; the heal failed.", run.kindName(), run.name(),
        timeout.toSeconds(), waiting.why() == null ? "" : ": " + waiting.why());
    journal.healFailed(incident.get(), run.name(), why).ifPresent(failed -> report.healFailed(policy, run.run(),
        failed, Objects.toString(failed.getStatus().action, "unknown"), why));
    return Next.DONE;
  }

  private LineageState lineageState(
      PipelineIncident incident, Lineage lineage, int attempt, PipelineRuns runs, int consecutiveFailures) {
    return new LineageState(consecutiveFailures, lineage.attempt(), lastAttemptAt(incident, attempt),
        runs.correctiveRunsSince(clock.instant().minus(Duration.ofHours(1))));
  }

  private static BrainContext brainContext(PolicyRules rules, String pipeline) {
    return new BrainContext(pipeline, rules.allowedActions(), MemoryQuantity.formatMi(rules.memoryCeilingBytes()),
        new HashSet<>(rules.versionPins()));
  }

  /** When the lineage's previous corrective run (before {@code attempt}) was decided; the cooldown counts from it. */
  private static Instant lastAttemptAt(PipelineIncident incident, int attempt) {
    IncidentStatus st = incident.getStatus();
    if (st == null) {
      return null;
    }
    return st.decisions.stream()
        .filter(d -> "Approved".equals(d.verdict) && d.at != null && d.attempt != null && d.attempt < attempt)
        .map(d -> Instant.parse(d.at))
        .max(Instant::compareTo)
        .orElse(null);
  }

  static String describe(RecoveryPlan plan) {
    if (plan instanceof RecoveryPlan.MemoryBump m) {
      String caps = m.heapCaps().stream().map(c -> ", " + c.name() + " " + c.from() + " -> " + c.to())
          .reduce("", String::concat);
      return String.format("raise memory of container %s from %s to %s%s",
          m.container(), Objects.toString(m.fromLimit(), "no limit"), m.toLimit(), caps);
    }
    if (plan instanceof RecoveryPlan.VersionPin v) {
      return v.image()
          ? String.format("pin image of container %s from %s to %s", v.container(), v.from(), v.to())
          : String.format("set %s of container %s from %s to %s", v.envName(), v.container(), v.from(), v.to());
    }
    if (plan instanceof RecoveryPlan.AlertHuman a) {
      return "alert a human: " + a.reason();
    }
    return "retry the run unchanged";
  }
}
