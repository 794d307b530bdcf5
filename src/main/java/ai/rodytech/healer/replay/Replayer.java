package ai.rodytech.healer.replay;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.RunDiff;
import ai.rodytech.healer.core.change.PlanApplier;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.guard.Guard;
import ai.rodytech.healer.core.guard.GuardInput;
import ai.rodytech.healer.core.guard.LineageState;
import ai.rodytech.healer.core.guard.Verdict;
import ai.rodytech.healer.core.history.Decision;
import ai.rodytech.healer.core.history.FinishedRun;
import ai.rodytech.healer.core.history.HistoryJudge;
import ai.rodytech.healer.core.history.HistoryJudge.Judgement;
import ai.rodytech.healer.core.history.HistoryRules;
import ai.rodytech.healer.core.history.Ledger;
import ai.rodytech.healer.core.history.Signatures;
import ai.rodytech.healer.core.history.TestNames;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import ai.rodytech.healer.core.plan.Planner;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.AlertHuman;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.run.CorrectiveRun;
import ai.rodytech.healer.operator.run.job.JobKind;
import ai.rodytech.healer.operator.run.job.JobLayout;
import ai.rodytech.healer.operator.run.job.JobNormalizer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Plays a history through a candidate policy with the operator's decision core: the brain's diagnosis, the history
 * judge, the planner, and the guard with a simulated lineage (consecutive failures, attempts used, the time of the
 * last attempt for the cooldown). Each pipeline has its own ledger, fed with the replayed runs and the corrective
 * runs the policy would have created, so history learns as it would have in the cluster. The policy's mode and
 * approval are not simulated: the replay shows what enforcing it would do. A failure's corrective runs that fail are
 * diagnosed as the failure was (their logs are not known).
 */
public final class Replayer {
  /** Cooldown deferrals tolerated per decision; each moves the replay's clock to the end of the cooldown. */
  private static final int MAX_DEFERRALS = 10;

  private final PolicyRules rules;
  private final HistoryRules historyRules;
  private final boolean learn;
  private final Planner planner = new Planner();
  private final Guard guard = Guard.standard();
  private final HistoryJudge judge = new HistoryJudge();

  /**
   * @param rules the candidate policy's rules
   * @param historyRules its history thresholds
   * @param learn whether the history judge takes part (false: every failure judged from its log alone)
   */
  public Replayer(PolicyRules rules, HistoryRules historyRules, boolean learn) {
    this.rules = rules;
    this.historyRules = historyRules;
    this.learn = learn;
  }

  public ReplayReport replay(List<ReplayCase> cases) {
    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    // The brain's reading of each log does not depend on what came before: done first, on every core.
    Diagnosis[] diagnoses = new Diagnosis[cases.size()];
    IntStream.range(0, cases.size()).parallel().filter(i -> !cases.get(i).succeeded()).forEach(i -> {
      ReplayCase c = cases.get(i);
      Diagnosis brain = c.diagnose().apply(SimulatedRun.snapshot(c, SimulatedRun.job(c), 0, LogTail.EMPTY));
      diagnoses[i] = withTests(brain, c.failingTests());
    });
    Tally tally = new Tally();
    Map<String, PipelineState> pipelines = new LinkedHashMap<>();
    for (int i = 0; i < cases.size(); i++) {
      ReplayCase run = cases.get(i);
      pipelines.computeIfAbsent(run.pipeline(), PipelineState::new).play(run, diagnoses[i], tally);
    }
    int ledgerRuns = pipelines.values().stream().mapToInt(p -> p.ledger.view().runs().size()).sum();
    long cpu = processCpuNanos() - cpuStarted;
    return tally.report(ledgerRuns, (System.nanoTime() - started) / 1_000_000, cpuStarted < 0 ? -1 : cpu / 1_000_000);
  }

  /** How one failure ended. */
  public enum End { HEALED, PAGED, BELOW_THRESHOLD, UNKNOWN }

  /**
   * What the policy did with one failure.
   *
   * @param name the failed run
   * @param label its label, or null
   * @param end how it ended
   * @param strategies the corrective runs' strategies, in order
   * @param reason why it ended so: the guard's refusal, the plan's reason for a page, or empty
   */
  public record FailureOutcome(String name, String label, End end, List<String> strategies, String reason) {}

  private final class PipelineState {
    final String pipeline;
    final Ledger ledger;
    int consecutiveFailures;
    KnownGoodVersions knownGood = KnownGoodVersions.NONE;

    PipelineState(String pipeline) {
      this.pipeline = pipeline;
      this.ledger = new Ledger(SimulatedRun.NAMESPACE, pipeline);
    }

    void play(ReplayCase run, Diagnosis brain, Tally tally) {
      tally.runs++;
      if (run.succeeded()) {
        record(run, run.name(), 0, true, run.finished(), List.of(), null);
        consecutiveFailures = 0;
        knownGood = new KnownGoodVersions(run.name(), Map.of(SimulatedRun.CONTAINER, run.image()),
            run.imageDigests(), Map.of());
        return;
      }
      tally.failures++;
      consecutiveFailures++;
      if (consecutiveFailures < rules.failureThreshold()) {
        record(run, run.name(), 0, false, run.finished(), run.failingTests(), null);
        tally.ended(run, End.BELOW_THRESHOLD, List.of());
        return;
      }
      heal(run, brain, tally);
    }

    /** The lineage of one failure: decide, act, see the corrective run's result, decide again. */
    private void heal(ReplayCase run, Diagnosis brain, Tally tally) {
      ObjectNode failed = SimulatedRun.job(run);
      List<Action> used = new ArrayList<>();
      Instant now = run.finished();
      Instant lastAttemptAt = null;
      Decision previous = null;
      Lineage lineage = new Lineage(run.name(), uid(run.name()), 0);
      for (int attempt = 0; ; attempt++) {
        FailureSnapshot snapshot = SimulatedRun.snapshot(run, failed, attempt, LogTail.EMPTY);
        // As the operator does: the failure is recorded before it is judged, its decision noted after.
        String name = attempt == 0 ? run.name() : lineage.runName(attempt);
        record(run, name, attempt, false, now, brain.failingTests(), previous);
        Judgement judgement = learn ? judge.judge(brain, ledger.view(), historyRules, now)
            : new Judgement(brain, HistoryJudge.Ruling.UNCHANGED, List.of(), Optional.empty());
        Diagnosis diagnosis = judgement.diagnosis();
        RecoveryPlan plan = planner.plan(diagnosis, snapshot, rules, knownGood);
        ObjectNode candidate = null;
        Verdict verdict = null;
        for (int deferrals = 0; deferrals <= MAX_DEFERRALS; deferrals++) {
          candidate = plan instanceof AlertHuman ? null : candidate(failed, run, attempt, plan);
          if (candidate == null && !(plan instanceof AlertHuman)) {
            plan = new AlertHuman("the plan cannot be applied to the run");
          }
          ChangeSet change = candidate == null ? null
              : RunDiff.between(JobNormalizer.normalize(failed), candidate, JobLayout.INSTANCE);
          verdict = guard.evaluate(new GuardInput(rules,
              new LineageState(consecutiveFailures, attempt, lastAttemptAt), plan, change, now));
          if (verdict.violation().isEmpty() || !verdict.violation().get().deferral()) {
            break;
          }
          now = now.plus(verdict.violation().get().retryAfter()); // the cooldown: wait, then decide again
        }
        boolean acts = verdict.approved() && plan.action().heals();
        Decision decision = new Decision(Signatures.of(diagnosis),
            acts ? plan.action().wireName() : Action.ALERT_HUMAN.wireName());
        ledger.decide(uid(name), decision);
        tally.ruled(judgement, acts, attempt < rules.maxRetries());
        if (!acts) {
          tally.reason = verdict.violation().map(v -> v.reason() + ": " + v.message()).orElse(plan.reason());
          tally.ended(run, End.PAGED, used);
          return;
        }
        used.add(plan.action());
        tally.spent(run, plan);
        lastAttemptAt = now;
        now = now.plus(run.duration());
        Optional<Boolean> passed = run.retryPasses(attempt + 1, plan.action());
        if (passed.isEmpty()) {
          tally.ended(run, End.UNKNOWN, used);
          return;
        }
        if (passed.get()) {
          record(run, lineage.runName(attempt + 1), attempt + 1, true, now, List.of(), decision);
          consecutiveFailures = 0;
          tally.ended(run, End.HEALED, used);
          return;
        }
        consecutiveFailures++;
        failed = candidate;
        previous = decision;
      }
    }

    private ObjectNode candidate(ObjectNode failed, ReplayCase run, int attempt, RecoveryPlan plan) {
      Lineage lineage = new Lineage(run.name(), uid(run.name()), attempt);
      ObjectNode retry = JobKind.corrective(failed, new CorrectiveRun(lineage, attempt + 1, pipeline,
          plan.action().wireName(), lineage.incidentName(), uid(failed.path("metadata").path("name").asText())));
      try {
        return PlanApplier.apply(plan, retry, JobLayout.INSTANCE);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    /** Records a run in the ledger; a corrective run carries the decision that created it. */
    private void record(ReplayCase run, String name, int attempt, boolean succeeded, Instant finished,
        List<String> failingTests, Decision chosenBy) {
      ledger.record(FinishedRun.builder(SimulatedRun.NAMESPACE, pipeline, name, uid(name))
          .finished(finished).succeeded(succeeded).revision(run.revision()).imageDigests(run.imageDigests())
          .failingTests(failingTests).lineage(run.name(), attempt).chosenBy(chosenBy).build());
    }

    private String uid(String name) {
      return pipeline + "/" + name;
    }
  }

  /** CPU time of the whole process (every thread), or -1 where the JVM does not tell. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The brain's diagnosis with the tests known from elsewhere (a JUnit report) added to those the log named. */
  private static Diagnosis withTests(Diagnosis diagnosis, List<String> more) {
    if (more.isEmpty()) {
      return diagnosis;
    }
    List<String> tests = TestNames.normalizeAll(Stream.concat(diagnosis.failingTests().stream(), more.stream()).toList());
    return new Diagnosis(diagnosis.category(), diagnosis.action(), diagnosis.confidence(), diagnosis.summary(),
        diagnosis.evidence(), tests, diagnosis.arguments(), diagnosis.brain(), diagnosis.notes(),
        diagnosis.tokensIn(), diagnosis.tokensOut());
  }

  /** The figures, counted as the replay goes. */
  private static final class Tally {
    int runs;
    int failures;
    int heals;
    int pages;
    int belowThreshold;
    int unknown;
    int retries;
    long memoryBytes;
    long ciMinutes;
    int knownFlaky;
    int trackRecordStops;
    int labelled;
    int wrong;
    int missed;
    int missedBelow;
    final List<FailureOutcome> outcomes = new ArrayList<>();
    String reason = "";

    /** A stop counts when it saved a retry: the lineage had attempts left. */
    void ruled(Judgement judgement, boolean acts, boolean attemptsLeft) {
      if (judgement.ruling() == HistoryJudge.Ruling.KNOWN_FLAKY && acts) {
        knownFlaky++;
      } else if (judgement.ruling() == HistoryJudge.Ruling.TRACK_RECORD_TOO_LOW && attemptsLeft) {
        trackRecordStops++;
      }
    }

    void spent(ReplayCase run, RecoveryPlan plan) {
      retries++;
      ciMinutes += run.duration().toMinutes();
      if (plan instanceof MemoryBump bump) {
        long from = bump.fromLimit() == null ? 0 : MemoryQuantity.parseBytes(bump.fromLimit());
        memoryBytes += Math.max(0, MemoryQuantity.parseBytes(bump.toLimit()) - from);
      }
    }

    void ended(ReplayCase run, End end, List<Action> used) {
      outcomes.add(new FailureOutcome(run.name(), run.label() == null ? null : run.label().wireName(), end,
          used.stream().map(Action::wireName).toList(), reason));
      reason = "";
      switch (end) {
        case HEALED -> heals++;
        case PAGED -> pages++;
        case BELOW_THRESHOLD -> belowThreshold++;
        case UNKNOWN -> unknown++;
      }
      if (run.label() == null) {
        return;
      }
      labelled++;
      Action expected = run.label().expectedAction();
      if (used.stream().anyMatch(a -> a != expected)) {
        wrong++;
      }
      if (expected.heals() && end != End.HEALED && end != End.UNKNOWN) {
        missed++;
        if (end == End.BELOW_THRESHOLD) {
          missedBelow++;
        }
      }
    }

    ReplayReport report(int ledgerRuns, long millis, long cpuMillis) {
      boolean labels = labelled > 0;
      return new ReplayReport(runs, failures, heals, pages, belowThreshold, unknown, retries,
          memoryBytes / MemoryQuantity.MI, ciMinutes, knownFlaky, trackRecordStops, labelled,
          labels ? wrong : null, labels ? missed : null, labels ? missedBelow : null, ledgerRuns, millis, cpuMillis, outcomes);
    }
  }
}
