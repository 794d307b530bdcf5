package ai.rodytech.healer.core.guard;

import static ai.rodytech.healer.core.change.TestJobs.at;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.change.PlanApplier;
import ai.rodytech.healer.core.change.TestJobs;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.policy.TestRules;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One valid fixture (the OOM-killed build container of jobs/build-oom.yaml bumped from 512Mi to 768Mi), one
 * mutation per case, one expected reason and message.
 */
class GuardTest {
  static final String POD = "/spec/template/spec";
  static final String BUILD = POD + "/containers/0";
  static final String PROXY = POD + "/containers/1";
  static final Instant NOW = Instant.parse("2025-06-02T03:05:00Z");

  /** The parts of a guard input a case may change before the diff is computed. */
  static final class Case {
    TestRules rules = TestRules.defaults();
    LineageState lineage = new LineageState(1, 0, null);
    RecoveryPlan plan = new MemoryBump("build", "512Mi", "768Mi", "256Mi", "384Mi", "build was OOM-killed");
    final ObjectNode before = TestJobs.load("build-oom.yaml");
    Consumer<ObjectNode> afterEdit = after -> {};
    boolean withoutChange;

    GuardInput input() {
      ObjectNode after = TestJobs.apply(plan, TestJobs.proposedRun(before));
      afterEdit.accept(after);
      return new GuardInput(rules.build(), lineage, plan, withoutChange ? null : TestJobs.diff(before, after), NOW);
    }
  }

  private static Arguments violation(String name, Consumer<Case> mutation, String reason, String message) {
    return Arguments.of(name, mutation, reason, message);
  }

  private static Consumer<Case> after(Consumer<ObjectNode> edit) {
    return c -> c.afterEdit = edit;
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        violation("strategy not allowed", c -> c.rules.allowed(Action.RETRY_STAGE),
            GuardReasons.STRATEGY_NOT_ALLOWED,
            "the policy does not allow increase_memory (allowedStrategies: retry_stage)"),
        violation("no strategy allowed", c -> c.rules.allowed(),
            GuardReasons.STRATEGY_NOT_ALLOWED, "the policy does not allow increase_memory (allowedStrategies: none)"),
        violation("below threshold", c -> c.rules.failureThreshold(2),
            GuardReasons.BELOW_THRESHOLD,
            "the pipeline has failed 1 time in a row; the policy acts from 2 consecutive failures (failureThreshold)"),
        violation("retries used up", c -> c.lineage = new LineageState(4, 3, NOW.minusSeconds(60)),
            GuardReasons.RETRIES_EXHAUSTED,
            "3 of 3 heal attempts of this failure lineage are used (safetyChecks.maxRetries)"),
        violation("no retries at all", c -> c.rules.maxRetries(0),
            GuardReasons.RETRIES_EXHAUSTED, "the policy allows no heal attempts (safetyChecks.maxRetries is 0)"),
        violation("hourly cap reached", c -> c.lineage = new LineageState(1, 0, null, 10),
            GuardReasons.HOURLY_CAP_REACHED,
            "10 corrective runs were created for this pipeline in the last hour, the policy's cap"
                + " (safetyChecks.maxHealsPerHour is 10)"),
        violation("heap cap changed without being planned",
            after(a -> at(a, BUILD + "/env/0").put("value", "--max-old-space-size=900")),
            GuardReasons.OUT_OF_SCOPE,
            "increase_memory may change only the memory limit and request of container 'build' (and the run's"
                + " metadata); this change also touches " + BUILD + "/env/0/value"),
        violation("cooling down", c -> c.lineage = new LineageState(2, 1, NOW.minusSeconds(4)),
            GuardReasons.COOLING_DOWN,
            "the last attempt of this lineage was created 4s ago; the policy waits 10s between attempts"
                + " (safetyChecks.cooldownSeconds), so this one waits 6s more"),
        violation("no diff shown", c -> c.withoutChange = true,
            GuardReasons.CHANGE_MISSING,
            "increase_memory came without the diff of the run before and after; the guard approves only changes it"
                + " can see"),
        violation("plan above the ceiling",
            c -> c.plan = new MemoryBump("build", "512Mi", "16Gi", "256Mi", "8Gi", "oom"),
            GuardReasons.ABOVE_MEMORY_CEILING,
            "the change sets the memory limit of container 'build' to 16Gi, above the policy's memory ceiling 8Gi"
                + " (memory.ceiling)"),
        violation("change above the ceiling though the plan is not",
            after(a -> at(a, BUILD + "/resources/limits").put("memory", "9Gi")),
            GuardReasons.ABOVE_MEMORY_CEILING,
            "the change sets the memory limit of container 'build' to 9Gi, above the policy's memory ceiling 8Gi"
                + " (memory.ceiling)"),
        violation("unreadable memory", after(a -> at(a, BUILD + "/resources/requests").put("memory", "plenty")),
            GuardReasons.UNREADABLE_MEMORY,
            "the memory request of container 'build' is unreadable: 'plenty' is not a memory quantity (e.g. 512Mi,"
                + " 2Gi)"),
        violation("secret-backed env var changed",
            after(a -> at(a, BUILD + "/env/2").removeAll().put("name", "NPM_TOKEN").put("value", "guessed")),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches environment variable NPM_TOKEN of container 'build', which is backed by a Secret"),
        violation("secret-backed env var added",
            after(a -> a.withArray(PROXY + "/env").addObject().put("name", "AWS_SECRET_ACCESS_KEY")
                .putObject("valueFrom").putObject("secretKeyRef").put("name", "aws").put("key", "secret")),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches environment variable AWS_SECRET_ACCESS_KEY of container 'cache-proxy', which is"
                + " backed by a Secret"),
        violation("secret envFrom removed", after(a -> a.withArray(BUILD + "/envFrom").remove(1)),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches envFrom of container 'build', which reads Secret 'registry-credentials'"),
        violation("secret volume repointed", after(a -> at(a, POD + "/volumes/1/secret").put("secretName", "admin")),
            GuardReasons.FORBIDDEN_FIELD, "the change touches volume 'npmrc', a Secret volume"),
        violation("hostPath volume added",
            after(a -> a.withArray(POD + "/volumes").addObject().put("name", "docker")
                .putObject("hostPath").put("path", "/var/run/docker.sock")),
            GuardReasons.FORBIDDEN_FIELD, "the change touches volume 'docker', a hostPath volume"),
        violation("secret volume mounted elsewhere",
            after(a -> a.withArray(PROXY + "/volumeMounts").addObject().put("name", "npmrc").put("mountPath", "/s")),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches the mount at /s in container 'cache-proxy' of volume 'npmrc', a Secret volume"),
        violation("service account", after(a -> at(a, POD).put("serviceAccountName", "cluster-admin")),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches /spec/template/spec/serviceAccountName; serviceAccountName is never changed by the"
                + " healer"),
        violation("token automount", after(a -> at(a, POD).put("automountServiceAccountToken", true)),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches /spec/template/spec/automountServiceAccountToken; automountServiceAccountToken is"
                + " never changed by the healer"),
        violation("pod securityContext", after(a -> at(a, POD + "/securityContext").put("runAsUser", 0)),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches /spec/template/spec/securityContext/runAsUser; a securityContext (privileges, user,"
                + " capabilities) is never changed by the healer"),
        violation("privileged container",
            after(a -> at(a, BUILD + "/securityContext").put("privileged", true)),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches the securityContext of container 'build'; a securityContext (privileges, user,"
                + " capabilities) is never changed by the healer"),
        violation("host network", after(a -> at(a, POD).put("hostNetwork", true)),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches /spec/template/spec/hostNetwork; hostNetwork is never changed by the healer"),
        violation("host PID", after(a -> at(a, POD).put("hostPID", true)),
            GuardReasons.FORBIDDEN_FIELD, "the change touches /spec/template/spec/hostPID; hostPID is never changed"
                + " by the healer"),
        violation("image repository", after(a -> at(a, BUILD).put("image", "evil.example.com/node:20")),
            GuardReasons.FORBIDDEN_FIELD,
            "the change moves the image of container 'build' from node:20 to evil.example.com/node:20; the healer"
                + " may change an image's tag or digest, never its repository"),
        violation("command", after(a -> a.withArray(BUILD + "/command").set(2, "publish")),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches the command of container 'build'; what a container runs is never changed by the"
                + " healer"),
        violation("args added", after(a -> at(a, PROXY).putArray("args").add("--debug")),
            GuardReasons.FORBIDDEN_FIELD,
            "the change touches the args of container 'cache-proxy'; what a container runs is never changed by the"
                + " healer"),
        violation("cpu besides memory", after(a -> at(a, BUILD + "/resources/limits").put("cpu", "4")),
            GuardReasons.OUT_OF_SCOPE,
            "increase_memory may change only the memory limit and request of container 'build' (and the run's"
                + " metadata); this change also touches /spec/template/spec/containers/0/resources/limits/cpu"),
        violation("another container's memory", after(a -> at(a, PROXY + "/resources/limits").put("memory", "1Gi")),
            GuardReasons.OUT_OF_SCOPE,
            "increase_memory may change only the memory limit and request of container 'build' (and the run's"
                + " metadata); this change also touches /spec/template/spec/containers/1/resources/limits/memory"),
        violation("a plain env var", after(a -> at(a, BUILD + "/env/0").put("value", "--max-old-space-size=700")),
            GuardReasons.OUT_OF_SCOPE,
            "increase_memory may change only the memory limit and request of container 'build' (and the run's"
                + " metadata); this change also touches /spec/template/spec/containers/0/env/0/value"),
        violation("namespace", after(a -> at(a, "/metadata").put("namespace", "kube-system")),
            GuardReasons.OUT_OF_SCOPE,
            "increase_memory may change only the memory limit and request of container 'build' (and the run's"
                + " metadata); this change also touches /metadata/namespace"),
        violation("pod template label", after(a -> at(a, "/spec/template/metadata/labels").put("app", "payments")),
            GuardReasons.OUT_OF_SCOPE,
            "increase_memory may change only the memory limit and request of container 'build' (and the run's"
                + " metadata); this change also touches /spec/template/metadata/labels/app"),
        violation("containers reordered", after(a -> {
              ObjectNode build = a.withArray(POD + "/containers").get(0).deepCopy();
              a.withArray(POD + "/containers").remove(0);
              a.withArray(POD + "/containers").add(build);
            }),
            GuardReasons.OUT_OF_SCOPE,
            "increase_memory may change only the memory limit and request of container 'build' (and the run's"
                + " metadata); this change also touches /spec/template/spec/containers/0/command/0 and 49 more"
                + " path(s)"),
        violation("diff too large", c -> c.rules.maxDiffLines(3),
            GuardReasons.DIFF_TOO_LARGE,
            "the change is 4 changed lines of diff; the policy allows at most 3 (safetyChecks.maxDiffLines)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void eachMutationIsRefusedWithItsReason(String name, Consumer<Case> mutation, String reason, String message) {
    Case c = new Case();
    mutation.accept(c);

    Verdict verdict = Guard.standard().evaluate(c.input());

    assertThat(verdict.approved()).as(name).isFalse();
    assertThat(verdict.violation().orElseThrow().reason()).isEqualTo(reason);
    assertThat(verdict.violation().orElseThrow().message()).isEqualTo(message);
    assertThat(verdict.passed()).doesNotContain(name).isSubsetOf(Guard.standard().checkNames());
  }

  @Test
  void aHeapCapRaisedWithTheLimitIsInScopeWhenThePlanNamesIt() {
    Case c = new Case();
    c.plan = new MemoryBump("build", "512Mi", "768Mi", "256Mi", "384Mi",
        java.util.List.of(new RecoveryPlan.EnvChange("NODE_OPTIONS", "--max-old-space-size=400",
            "--max-old-space-size=656")), "the build ran out of its heap cap");

    Verdict verdict = Guard.standard().evaluate(c.input());

    assertThat(verdict.violation()).isEmpty();
  }

  @Test
  void theValidFixtureIsApprovedByEveryCheck() {
    Verdict verdict = Guard.standard().evaluate(new Case().input());

    assertThat(verdict.approved()).isTrue();
    assertThat(verdict.violation()).isEmpty();
    assertThat(verdict.passed())
        .containsExactly(
            "StrategyAllowed", "ThresholdReached", "RetriesLeft", "HourlyCap", "Cooldown", "ChangeShown",
            "MemoryCeiling", "ForbiddenFields", "ChangeScope", "DiffSize")
        .isEqualTo(Guard.standard().checkNames());
  }

  @Test
  void cooldownIsADeferralThatSaysHowLongToWait() {
    Case c = new Case();
    c.lineage = new LineageState(2, 1, NOW.minusMillis(2500));

    Violation violation = Guard.standard().evaluate(c.input()).violation().orElseThrow();

    assertThat(violation.deferral()).isTrue();
    assertThat(violation.retryAfter()).isEqualTo(Duration.ofMillis(7500));
  }

  @Test
  void cooldownOverIsApproved() {
    Case c = new Case();
    c.lineage = new LineageState(2, 1, NOW.minusSeconds(10));

    assertThat(Guard.standard().evaluate(c.input()).approved()).isTrue();
  }

  @Test
  void refusalsAreNotDeferrals() {
    Case c = new Case();
    c.rules.maxDiffLines(1);

    assertThat(Guard.standard().evaluate(c.input()).violation().orElseThrow().deferral()).isFalse();
  }

  @Test
  void theFirstViolationWinsAndNamesTheForbiddenFieldRatherThanTheScope() {
    Case c = new Case();
    c.rules.maxDiffLines(1);
    c.afterEdit = a -> at(a, POD).put("serviceAccountName", "cluster-admin");

    Verdict verdict = Guard.standard().evaluate(c.input());

    assertThat(verdict.violation().orElseThrow().reason()).isEqualTo(GuardReasons.FORBIDDEN_FIELD);
    assertThat(verdict.passed())
        .containsExactly("StrategyAllowed", "ThresholdReached", "RetriesLeft", "HourlyCap", "Cooldown",
            "ChangeShown", "MemoryCeiling");
  }

  @Test
  void anAlertIsApprovedWithoutJudgingAChange() {
    Case c = new Case();
    c.plan = new RecoveryPlan.AlertHuman("genuine failure");
    c.rules.allowed().maxRetries(0);
    c.withoutChange = true;

    Verdict verdict = Guard.standard().evaluate(c.input());

    assertThat(verdict.approved()).isTrue();
    assertThat(verdict.passed()).isEmpty();
  }
}
