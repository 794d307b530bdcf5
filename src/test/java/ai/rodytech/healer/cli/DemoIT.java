package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * `healer demo` end to end, in this JVM: the in-process API server, the simulated kubelet and the real operator.
 * The whole demo runs once (about half a minute on two busy cores), one scenario again for its text timeline.
 */
class DemoIT {
  private static final Set<String> HEALED = Set.of("flaky-test", "oom", "registry-outage", "floating-tag", "approval",
      "oom-onfailure", "deadline-exceeded", "heap-cap", "flaky-history", "tekton-oom", "tekton-flaky", "argo-transient",
      "argo-oom");

  @Test
  void everyScenarioDoesWhatItShould() throws Exception {
    CliRun run = CliRun.run("demo", "--format", "json");

    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(report.path("cores").asInt()).isPositive();
    List<String> names = new ArrayList<>();
    for (JsonNode scenario : report.path("scenarios")) {
      String name = scenario.path("scenario").asText();
      names.add(name);
      assertThat(scenario.path("passed").asBoolean()).as(scenario.toString()).isTrue();
      assertThat(scenario.path("runKind").asText()).as(name)
          .isEqualTo(name.startsWith("tekton-") ? "PipelineRun" : name.startsWith("argo-") ? "Workflow" : "Job");
      assertThat(scenario.path("got").asText()).as(name).isEqualTo(scenario.path("expected").asText());
      if (HEALED.contains(name)) {
        assertThat(scenario.path("timeToActMillis").asLong()).as(name).isPositive();
        assertThat(scenario.path("timeToHealMillis").asLong()).as(name)
            .isGreaterThan(scenario.path("timeToActMillis").asLong());
      } else {
        assertThat(scenario.path("timeToHealMillis").isNull()).as(name).isTrue();
      }
    }
    assertThat(names).containsExactly("flaky-test", "oom", "oom-ceiling", "registry-outage", "floating-tag",
        "compile-error", "secret-pin", "shadow", "approval", "oom-onfailure", "deadline-exceeded", "stuck-heal",
        "heap-cap", "flaky-history", "useless-retry", "tekton-oom", "tekton-flaky", "argo-transient", "argo-oom");
  }

  @Test
  void theOomScenarioTellsItsStoryInOrder() {
    CliRun run = CliRun.run("demo", "--scenario", "oom");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out()).containsSubsequence(
        "[1/1] oom: A build killed for memory (exit 137, OOMKilled) passes with more memory",
        "policy seed-policy.yaml (the article's, exactly as written) in namespace demo-oom",
        "run         backend-ci-build-1 failed: exit 137 (OOMKilled)",
        "healer      below threshold: Pipeline backend-ci-build failed 1 time(s) in a row; the healer steps in at 2",
        "run         backend-ci-build-2 failed: exit 137 (OOMKilled)",
        "diagnosis   oom 1.00 [rules]: Kubernetes killed the container for going over its memory limit (OOMKilled)",
        "evidence line 24: Exception in thread \"Test worker\" java.lang.OutOfMemoryError: Java heap space",
        "guard       approved, 10 checks passed; dry run: dryRun=All accepted",
        "action      increase_memory: raise memory of container build from 512Mi to 768Mi",
        "- memory: 512Mi",
        "+ memory: 768Mi",
        "act         Created backend-ci-build-2-", "-heal-1 (attempt 1, increase_memory)",
        "run         backend-ci-build-2-", "-heal-1 succeeded",
        "healed      Pipeline backend-ci-build healed: backend-ci-build-2-", "-heal-1 succeeded (attempt 1).",
        "SCENARIO         EXPECTED                                GOT                                     TIME TO HEAL",
        "oom              Healed by increase_memory, 1 new run;   Healed by increase_memory, 1 new run;",
        "1 of 1 scenarios did what they should");
    assertThat(run.out()).doesNotContain("FAILED").doesNotContain("heal-2");
  }

  @Test
  void theFlakyHistoryScenarioShowsThePipelinesHistoryAsTheEvidence() {
    CliRun run = CliRun.run("demo", "--scenario", "flaky-history");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out()).containsSubsequence(
        "run         backend-ci-build-1 failed on commit 3f2c9a1: exit 1 (Error)",
        "diagnosis   genuine_failure 0.75 [rules]: A test assertion failed",
        "human       a person is needed (NeedsHuman)",
        "run         backend-ci-build-2 succeeded on commit 3f2c9a1",
        "history     PipelineHistory backend-ci-build records backend-ci-build-2: passed on commit 3f2c9a1;",
        "run         backend-ci-build-3 failed on commit 3f2c9a1: exit 1 (Error)",
        "diagnosis   flaky_test 0.80 [rules+history]: Every failing test is known to be flaky in this pipeline",
        "evidence from history: com.example.payments.PaymentWebhookIT.deliversEachEventOnce failed and",
        "passed on the same commit 2 times in the last 3 runs",
        "action      retry_stage: retry the run unchanged",
        "healed      Pipeline backend-ci-build healed: backend-ci-build-3-",
        "1 of 1 scenarios did what they should");
    assertThat(run.out()).doesNotContain("FAILED").doesNotContain("backend-ci-build-1-heal");
  }

  @Test
  void anUnknownScenarioIsAUsageErrorNamingTheKnownOnes() {
    CliRun run = CliRun.run("demo", "--scenario", "nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown scenario nope").contains("flaky-test").contains("approval");
  }
}
