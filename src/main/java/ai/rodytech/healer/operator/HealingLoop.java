package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.IncidentSpec;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.IncidentStatus.PendingAction;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyRulesMapper;
import ai.rodytech.healer.api.PolicyStatus.IncidentBrief;
import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.JobDiff;
import ai.rodytech.healer.core.change.PlanApplier;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.guard.Guard;
import ai.rodytech.healer.core.guard.GuardInput;
import ai.rodytech.healer.core.guard.LineageState;
import ai.rodytech.healer.core.guard.Verdict;
import ai.rodytech.healer.core.guard.Violation;
import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import ai.rodytech.healer.core.plan.Planner;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.act.JobLauncher;
import ai.rodytech.healer.operator.act.RetryJobFactory;
import ai.rodytech.healer.operator.observe.JobObserver;
import ai.rodytech.healer.operator.report.EventReason;
import ai.rodytech.healer.operator.report.EventRecorder;
import ai.rodytech.healer.operator.report.HealerMetrics;
import ai.rodytech.healer.operator.report.HumanNotifier;
import ai.rodytech.healer.operator.report.IncidentRecords;
import ai.rodytech.healer.operator.report.IncidentStore;
import ai.rodytech.healer.operator.report.PolicyStatusAggregator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One failed or finished run of a guarded pipeline, taken through Observe, Diagnose, Guard, Act and Report.
 * The order and the reasons are described in docs/controller-flow.md. The decision and the run it will create
 * are written to the incident before the run is created, so a restart finishes the same decision instead of
 * taking a second one.
 */
public final class HealingLoop {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JobObserver observer;
  private final BrainSelector brains;
  private final Planner planner;
  private final Guard guard;
  private final JobLauncher launcher;
  private final IncidentStore incidents;
  private final IncidentRecords records;
  private final PolicyStatusAggregator policyStatus;
  private final EventRecorder events;
  private final HumanNotifier notifier;
  private final HealerMetrics metrics;
  private final KnownGoodRecorder knownGood;
  private final Clock clock;

  public HealingLoop(
      JobObserver observer, BrainSelector brains, Planner planner, Guard guard, JobLauncher launcher,
      IncidentStore incidents, IncidentRecords records, PolicyStatusAggregator policyStatus, EventRecorder events,
      HumanNotifier notifier, HealerMetrics metrics, KnownGoodRecorder knownGood, Clock clock) {
    this.observer = observer;
    this.brains = brains;
    this.planner = planner;
    this.guard = guard;
    this.launcher = launcher;
    this.incidents = incidents;
    this.records = records;
    this.policyStatus = policyStatus;
    this.events = events;
    this.notifier = notifier;
    this.metrics = metrics;
    this.knownGood = knownGood;
    this.clock = clock;
  }

  /** What the reconciler should do next: nothing, or look again after a while (a cooldown). */
  public record Next(Optional<Duration> retryAfter) {
    static final Next DONE = new Next(Optional.empty());
  }

  public Next onFailure(Job job, PipelineRecoveryPolicy policy, String pipeline) {
    PolicyStatusAggregator.Count count =
        policyStatus.countRun(policy, job.getMetadata().getUid(), true, false, null, null);
    Lineage lineage = Lineage.of(job);
    PolicyRules rules = PolicyRulesMapper.toRules(policy.getSpec());
    String ns = job.getMetadata().getNamespace();
    if (count.newlyCounted()) {
      metrics.failureSeen(ns, pipeline);
    }
    boolean mayAct = lineage.isRetry() || count.consecutiveFailures() >= rules.failureThreshold();
    // Below the threshold, an incident of this lineage may still exist (a threshold raised since): then it goes on.
    Optional<PipelineIncident> existing = mayAct ? Optional.empty() : incidents.get(ns, lineage.incidentName());
    if (!mayAct && existing.isEmpty()) {
      if (count.newlyCounted()) {
        events.record(job, EventReason.BelowThreshold, String.format(
            "Pipeline %s failed %d time(s) in a row; the healer steps in at %d (failureThreshold).",
            pipeline, count.consecutiveFailures(), rules.failureThreshold()));
      }
      return Next.DONE;
    }
    // A first failure's incident is new: created without a read. A retry's exists: read, not created.
    PipelineIncident incident = existing
        .or(() -> lineage.isRetry() ? incidents.get(ns, lineage.incidentName()) : Optional.empty())
        .orElseGet(() -> incidents.getOrCreate(policy, lineage.incidentName(),
            new IncidentSpec(pipeline, policy.getMetadata().getName(), "Job", lineage.root())));
    int next = lineage.attempt() + 1;
    if (IncidentRecords.decided(incident.getStatus() == null ? new IncidentStatus() : incident.getStatus(), next)) {
      return Next.DONE; // decided before (an earlier event, a restart); the IncidentReconciler finishes any intent
    }
    return decide(job, policy, pipeline, rules, lineage, count.consecutiveFailures(), incident);
  }

  /**
   * Observes, diagnoses, plans, guards and dry-runs, then writes everything to the incident at once: what was
   * seen, the diagnosis, the dry run, and the decision with its intent. One write, so a restart finds either
   * nothing (and decides again: nothing was done yet) or the whole decision.
   */
  private Next decide(
      Job job, PipelineRecoveryPolicy policy, String pipeline, PolicyRules rules, Lineage lineage,
      int consecutiveFailures, PipelineIncident incident) {
    int next = lineage.attempt() + 1;
    FailureSnapshot snapshot = observer.snapshot(job, pipeline);
    Diagnosis diagnosis = brains.forPolicy(policy).diagnose(snapshot, brainContext(rules, pipeline));
    RecoveryPlan plan = planner.plan(diagnosis, snapshot, rules, knownGood.of(policy));
    String now = policyStatus.now();
    Consumer<IncidentStatus> observed = st -> {
      st.snapshot = records.summary(snapshot);
      st.diagnosis = records.diagnosis(diagnosis);
      IncidentRecords.run(st, job.getMetadata().getName(), lineage.attempt(), "Failed", now);
    };
    events.record(job, EventReason.Diagnosed, String.format("%s (%.2f): %s Proposed: %s.",
        diagnosis.category().wireName(), diagnosis.confidence(), diagnosis.summary(), plan.action().wireName()));

    if (plan instanceof RecoveryPlan.AlertHuman alert) {
      refuse(job, policy, incident, observed, diagnosis, plan, next, "NoHealingAction", alert.reason(), null);
      return Next.DONE;
    }
    JsonNode failedTree = JSON.valueToTree(job);
    ObjectNode retry = RetryJobFactory.retryOf(failedTree, lineage, next, pipeline, plan.action().wireName());
    ObjectNode candidate = PlanApplier.apply(plan, retry);
    ChangeSet change = JobDiff.between(failedTree, candidate);
    LineageState state = new LineageState(consecutiveFailures, lineage.attempt(), lastAttemptAt(incident));
    Verdict verdict = guard.evaluate(new GuardInput(rules, state, plan, change, clock.instant()));
    Optional<Violation> violation = verdict.violation();
    if (violation.isPresent() && violation.get().deferral()) {
      incidents.edit(incident, observed); // what was seen is on record while the cooldown runs
      return new Next(Optional.of(violation.get().retryAfter()));
    }
    if (violation.isPresent()) {
      Violation v = violation.get();
      refuse(job, policy, incident, observed, diagnosis, plan, next, v.reason(), v.message(), change.unifiedDiff());
      return Next.DONE;
    }
    Job newRun = JSON.convertValue(candidate, Job.class);
    if (rules.dryRun()) {
      Optional<String> rejected = launcher.dryRun(newRun);
      observed = observed.andThen(st -> st.actions.add(IncidentRecords.action("DryRun", newRun.getMetadata().getName(),
          rejected.isPresent() ? "Failed" : "Succeeded", rejected.orElse("dryRun=All accepted"), now)));
      if (rejected.isPresent()) {
        refuse(job, policy, incident, observed, diagnosis, plan, next, "DryRunRejected",
            "The API server refused the dry run: " + rejected.get(), change.unifiedDiff());
        return Next.DONE;
      }
    }
    approve(job, policy, rules, incident, observed, diagnosis, plan, next, newRun, change, verdict);
    return Next.DONE;
  }

  private void approve(
      Job job, PipelineRecoveryPolicy policy, PolicyRules rules, PipelineIncident incident,
      Consumer<IncidentStatus> observed, Diagnosis diagnosis, RecoveryPlan plan, int next, Job newRun,
      ChangeSet change, Verdict verdict) {
    String now = policyStatus.now();
    String runName = newRun.getMetadata().getName();
    String passed = "passed: " + String.join(", ", verdict.passed());
    String outcome = rules.shadow() ? "Shadowed" : rules.approvalRequired() ? "PendingApproval" : "Healing";
    Optional<PipelineIncident> written = recordDecision(incident, next, observed, st -> {
      st.decisions.add(records.decision(next, diagnosis, plan.action().wireName(), describe(plan), "Approved",
          null, passed, change.unifiedDiff(), now));
      st.action = plan.action().wireName();
      if (rules.shadow()) {
        st.actions.add(IncidentRecords.action("WouldCreate", runName, "Skipped", "shadow mode: nothing applied", now));
      } else {
        PendingAction pending = new PendingAction();
        pending.attempt = next;
        pending.run = runName;
        pending.action = plan.action().wireName();
        pending.awaitingApproval = rules.approvalRequired();
        pending.manifest = asJson(newRun);
        pending.decidedAt = now;
        st.pending = pending;
      }
      st.outcome = outcome;
      st.updated = now;
    });
    if (written.isEmpty()) {
      return;
    }
    PipelineIncident current = written.get();
    if (rules.shadow()) {
      brief(policy, current);
      metrics.heal(plan.action().wireName(), "shadowed");
      events.record(job, EventReason.Shadowed, "Shadow mode: would create " + runName + " (" + describe(plan) + ").");
    } else if (rules.approvalRequired()) {
      brief(policy, current);
      metrics.heal(plan.action().wireName(), "pending_approval");
      String ask = String.format(
          "Waiting for approval of %s: kubectl annotate pipelineincident %s %s=true (or healer approve %s).",
          describe(plan), current.getMetadata().getName(), PipelineIncident.APPROVE_ANNOTATION,
          current.getMetadata().getName());
      events.record(job, EventReason.PendingApproval, ask);
      // A change waiting for approval needs a person as much as a refusal does.
      notifier.needsHuman(policy, current, ask);
    }
    // Otherwise the intent is written and the IncidentReconciler, woken by that write, creates the run: one
    // path carries out every intent, whether just decided, just approved, or left behind by a restart. The
    // policy's recent incidents are updated there, with the count of attempts, in one write.
  }

  /**
   * Called by the IncidentReconciler. Carries out an incident's pending action if it is not waiting for
   * approval: creates the run (AlreadyExists counts as done), then clears the intent. Safe to call any number of
   * times.
   */
  public void resume(PipelineIncident incident, PipelineRecoveryPolicy policy) {
    PipelineIncident fresh = incidents.latest(incident).orElse(null);
    if (fresh == null || fresh.getStatus() == null || fresh.getStatus().pending == null
        || Boolean.TRUE.equals(fresh.getStatus().pending.awaitingApproval)) {
      return;
    }
    PendingAction pending = fresh.getStatus().pending;
    Job run = JSON.convertValue(parse(pending.manifest), Job.class);
    boolean created = launcher.create(run);
    // Counted before the intent is cleared, and idempotent by run name: a restart in between counts it once. The
    // policy's recent incidents are updated in the same write.
    policyStatus.healAttempted(policy, pending.run, brief(fresh));
    String now = policyStatus.now();
    incidents.edit(fresh, st -> {
      if (st.pending == null || !Objects.equals(st.pending.run, pending.run)) {
        return;
      }
      st.actions.add(IncidentRecords.action("Create", pending.run, "Succeeded",
          created ? "created" : "already existed (created by an earlier pass)", now));
      st.attempts = Math.max(st.attempts == null ? 0 : st.attempts, pending.attempt);
      IncidentRecords.run(st, pending.run, pending.attempt, "Running", now);
      st.pending = null;
      st.outcome = "Healing";
      st.updated = now;
    });
    if (created) {
      metrics.heal(pending.action, "created");
      events.record(fresh, EventReason.HealAttempted, String.format("Created %s (attempt %d, %s).",
          pending.run, pending.attempt, pending.action));
    }
  }

  /**
   * Writes what was observed and the decision for attempt {@code next} in one incident write, unless another pass
   * decided that attempt first (its decision stands). Returns the incident as written, or empty when this pass
   * did not decide (or the incident is gone).
   */
  private Optional<PipelineIncident> recordDecision(
      PipelineIncident incident, int next, Consumer<IncidentStatus> observed, Consumer<IncidentStatus> decision) {
    boolean[] decidedHere = {false};
    Optional<PipelineIncident> written = incidents.edit(incident, st -> {
      // An edit may run again on a fresher copy (a conflict): only its last run counts.
      decidedHere[0] = !IncidentRecords.decided(st, next);
      if (!decidedHere[0]) {
        return;
      }
      observed.accept(st);
      decision.accept(st);
    });
    return decidedHere[0] ? written : Optional.empty();
  }

  private void refuse(
      Job job, PipelineRecoveryPolicy policy, PipelineIncident incident, Consumer<IncidentStatus> observed,
      Diagnosis diagnosis, RecoveryPlan plan, int next, String reason, String message, String diff) {
    String now = policyStatus.now();
    Optional<PipelineIncident> written = recordDecision(incident, next, observed, st -> {
      st.decisions.add(records.decision(next, diagnosis, plan.action().wireName(), describe(plan),
          plan instanceof RecoveryPlan.AlertHuman ? "NotHealing" : "Refused", reason, message, diff, now));
      st.action = "alert_human";
      st.outcome = "NeedsHuman";
      st.updated = now;
    });
    if (written.isEmpty()) {
      return;
    }
    metrics.refused(reason);
    metrics.heal(plan.action().wireName(), "needs_human");
    EventReason eventReason =
        switch (reason) {
          case "RetriesExhausted" -> EventReason.RetriesExhausted;
          case "DryRunRejected" -> EventReason.DryRunRejected;
          case "NoHealingAction" -> EventReason.NeedsHuman;
          default -> EventReason.HealRefused;
        };
    String why = reason + ": " + message;
    events.record(job, eventReason, why);
    PipelineIncident current = written.get();
    brief(policy, current);
    notifier.needsHuman(policy, current, why);
  }

  /** A run of the pipeline succeeded: reset the count, remember its versions, close its lineage as healed. */
  public void onSuccess(Job job, PipelineRecoveryPolicy policy, String pipeline) {
    Lineage lineage = Lineage.of(job);
    String uid = job.getMetadata().getUid();
    if (!lineage.isRetry()) {
      policyStatus.countRun(policy, uid, false, false, knownGood.from(job, policy), null);
      return;
    }
    // The incident first, then the count with the incident's brief in one policy write. A restart in between
    // finds the incident Healed and still counts the run (once, by UID) and updates the brief.
    Optional<PipelineIncident> incident = incidents.get(job.getMetadata().getNamespace(), lineage.incidentName())
        .filter(i -> i.getStatus() != null);
    Optional<PipelineIncident> healedNow = Optional.empty();
    if (incident.isPresent() && !"Healed".equals(incident.get().getStatus().outcome)) {
      String now = policyStatus.now();
      healedNow = incidents.edit(incident.get(), st -> {
        IncidentRecords.run(st, job.getMetadata().getName(), lineage.attempt(), "Succeeded", now);
        st.outcome = "Healed";
        st.updated = now;
      });
    }
    Optional<PipelineIncident> current = healedNow.or(() -> incident);
    PolicyStatusAggregator.Count count = policyStatus.countRun(
        policy, uid, false, true, knownGood.from(job, policy), current.map(HealingLoop::brief).orElse(null));
    if (current.isEmpty()) {
      return;
    }
    if (count.newlyCounted()) {
      metrics.heal(Objects.toString(current.get().getStatus().action, "unknown"), "healed");
    }
    if (healedNow.isPresent()) {
      events.record(job, EventReason.Healed, String.format("Pipeline %s healed: %s succeeded (attempt %d).",
          pipeline, job.getMetadata().getName(), lineage.attempt()));
      notifier.healed(policy, current.get());
    }
  }

  private void brief(PipelineRecoveryPolicy policy, PipelineIncident incident) {
    IncidentBrief brief = brief(incident);
    if (brief != null) {
      policyStatus.incident(policy, brief);
    }
  }

  /** The line of the policy's recent incidents for this incident, or null when it has no status yet. */
  private static IncidentBrief brief(PipelineIncident incident) {
    IncidentStatus st = incident.getStatus();
    if (st == null) {
      return null;
    }
    return new IncidentBrief(incident.getMetadata().getName(), incident.getSpec().getRootRun(),
        st.diagnosis == null ? null : st.diagnosis.category, st.action, st.outcome, st.updated);
  }

  private static BrainContext brainContext(PolicyRules rules, String pipeline) {
    return new BrainContext(pipeline, rules.allowedActions(), MemoryQuantity.formatMi(rules.memoryCeilingBytes()),
        new HashSet<>(rules.versionPins()));
  }

  private static Instant lastAttemptAt(PipelineIncident incident) {
    if (incident.getStatus() == null) {
      return null;
    }
    return incident.getStatus().actions.stream()
        .filter(a -> "Create".equals(a.kind) && a.at != null)
        .map(a -> Instant.parse(a.at))
        .max(Instant::compareTo)
        .orElse(null);
  }

  static String describe(RecoveryPlan plan) {
    if (plan instanceof RecoveryPlan.MemoryBump m) {
      return String.format("raise memory of container %s from %s to %s",
          m.container(), Objects.toString(m.fromLimit(), "no limit"), m.toLimit());
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

  private static String asJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("pending manifest is not JSON", e);
    }
  }
}
