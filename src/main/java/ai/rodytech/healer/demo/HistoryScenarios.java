package ai.rodytech.healer.demo;

import static ai.rodytech.healer.demo.Scenarios.FAILS_AFTER;
import static ai.rodytech.healer.demo.Scenarios.PASSES_AFTER;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.demo.Scenario.Expectation;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The demo's scenarios where the healer learns from the pipeline's own history (issue 11, docs/history.md): several
 * runs one after another, each carrying the commit it builds, so that the run ledger can tell a flaky test from a
 * genuine failure and a retry that heals from one that never does.
 */
final class HistoryScenarios {
  /** The test of SampleLogs.surefireAssertion(), as the summary table names it (without its package). */
  private static final String FLAKY_TEST = "PaymentWebhookIT.deliversEachEventOnce";
  private static final String SAME_COMMIT = " failed and passed on the same commit";
  /** How the history judge words a stopped strategy: "retry_stage healed only 0 of the last 3". */
  private static final Pattern STOPPED = Pattern.compile("(\\w+) healed only \\d+ of the last \\d+");
  /** The commit every run of flaky-history builds. */
  static final String FLAKY_COMMIT = "3f2c9a1d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a";
  /** The commits of useless-retry's runs, one per run: each is a new push. */
  private static final List<String> PUSHES = List.of(
      "8b1e4d0c7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d",
      "c47a92e15b3d6f8a0c2e4b6d8f0a1c3e5b7d9f1a",
      "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e",
      "e2c4a6b8d0f1e3c5a7b9d1f3e5c7a9b1d3f5e7c9");

  private HistoryScenarios() {}

  static List<Scenario> all() {
    return List.of(flakyHistory(), uselessRetry());
  }

  /**
   * A test fails on a plain assertion: by its log alone a genuine failure, so a person is alerted. A re-run of the
   * same commit passes, and the ledger records that the test failed and passed on one commit. When it fails again,
   * the history makes it {@code flaky_test}: retried, healed, the history its evidence.
   */
  static Scenario flakyHistory() {
    RunOutcome assertion = RunOutcome.failed(1, SampleLogs.surefireAssertion(), FAILS_AFTER);
    RunOutcome passes = RunOutcome.succeeded(SampleLogs.mavenSuccess(), PASSES_AFTER);
    // Runs 1 and 3 fail on the test; run 2, a re-run of the same commit, passes, and so does the healer's retry.
    RunScript script = job -> RunScript.attemptOf(job) > 0 || job.getMetadata().getName().equals(Build.PIPELINE + "-2")
        ? passes : assertion;
    return new Scenario("flaky-history",
        "A test fails on a plain assertion (a person decides), passes on the same commit, and is retried next time",
        "policies/first-failure.yaml", Build.MAVEN.onCommits(run -> FLAKY_COMMIT), 3, script, false,
        new Expectation("Healed", "retry_stage", 1, true,
            "before: NeedsHuman (genuine_failure); flaky_test from history: " + FLAKY_TEST + SAME_COMMIT,
            got -> "before: " + earlier(got) + "; " + historyEvidence(got)))
        .withRunsOneAtATime();
  }

  /**
   * The npm registry times out on every run, on every commit, and a retry never gets through: a transient-looking
   * error that is not transient here. Each failure is retried once and the retry fails, until the strategy's
   * record for the signature (0 healed of 3) is below the cut-off: the next failure is not retried, and the person
   * paged is told why.
   */
  static Scenario uselessRetry() {
    return new Scenario("useless-retry",
        "Retrying a registry timeout never helps here: after 0 healed of 3 it stops, and a person gets the record",
        "policies/useless-retry.yaml", Build.NODE.onCommits(run -> PUSHES.get((run - 1) % PUSHES.size())),
        PUSHES.size(), RunScript.always(RunOutcome.failed(1, SampleLogs.npmRegistryTimeout(), FAILS_AFTER)), false,
        new Expectation("NeedsHuman", "alert_human", 3, true,
            "before: 3 retried, 0 healed; paged: retry_stage healed only 0 of the last 3",
            got -> "before: " + retried(got.earlier()) + "; " + pagedWith(got)))
        .withRunsOneAtATime();
  }

  /** What the incidents before the last did: "NeedsHuman (genuine_failure), …". */
  private static String earlier(Observation got) {
    return got.earlier().isEmpty() ? "nothing"
        : got.earlier().stream().map(s -> s.outcome + " (" + (s.diagnosis == null ? "no diagnosis" : s.diagnosis.category)
            + ")").collect(Collectors.joining(", "));
  }

  /** The category of the last incident and the history line among its evidence that names a flaky test. */
  private static String historyEvidence(Observation got) {
    Optional<String> line = Optional.ofNullable(got.status()).map(s -> s.diagnosis).stream()
        .flatMap(d -> d.evidence.stream()).map(e -> e.text)
        .filter(t -> t != null && t.contains(SAME_COMMIT)).findFirst();
    return got.category() + line.map(t -> " from history: " + withoutPackage(t.substring(0, t.indexOf(SAME_COMMIT)))
        + SAME_COMMIT).orElse(" without history as evidence");
  }

  /** com.example.payments.PaymentWebhookIT.deliversEachEventOnce: PaymentWebhookIT.deliversEachEventOnce. */
  private static String withoutPackage(String test) {
    int method = test.lastIndexOf('.');
    return method < 0 ? test : test.substring(test.lastIndexOf('.', method - 1) + 1);
  }

  /** "3 retried, 0 healed": earlier incidents where the healer ran the stage again, and those it healed. */
  private static String retried(List<IncidentStatus> earlier) {
    long retried = earlier.stream().filter(s -> s.runs.stream().anyMatch(r -> r.attempt != null && r.attempt > 0)
        && s.decisions.stream().anyMatch(d -> "retry_stage".equals(d.action) && "Approved".equals(d.verdict)))
        .count();
    long healed = earlier.stream().filter(s -> "Healed".equals(s.outcome)).count();
    return retried + " retried, " + healed + " healed";
  }

  /** The track record the alert about the last failure gives as the reason, in the judge's words. */
  private static String pagedWith(Observation got) {
    String run = Optional.ofNullable(got.status()).map(s -> s.snapshot).map(s -> s.run).orElse(null);
    return got.alerts().stream()
        .filter(a -> run != null && a.text().contains(run))
        .map(a -> STOPPED.matcher(a.text()))
        .filter(Matcher::find)
        .map(m -> "paged: " + m.group())
        .findFirst()
        .orElse(run == null ? "no last incident" : "no alert about " + run + " gives a track record");
  }
}
