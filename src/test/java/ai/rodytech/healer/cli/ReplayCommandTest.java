package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `healer replay` over case folders written here, through the real CLI entry point. */
class ReplayCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private JsonNode replay(String... args) throws IOException {
    CliRun run = CliRun.run(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private Path cases() throws IOException {
    return Files.createDirectories(dir.resolve("cases"));
  }

  /** A test fails like a genuine one and goes to a person; its commit then passes; its next failure is retried. */
  @Test
  void aTestSeenFailingAndPassingOnOneCommitIsRetriedNextTime() throws IOException {
    ReplayCases cases = new ReplayCases(cases())
        .failed(ReplayCases.ASSERTION, "flaky_test", c -> c.put("pipeline", "web").put("revision", "aaa1111"))
        .passed(c -> c.put("pipeline", "web").put("revision", "aaa1111"))
        .failed(ReplayCases.ASSERTION, "flaky_test", c -> {
          c.put("pipeline", "web").put("revision", "bbb2222");
          c.putArray("retry_outcomes").add("passed");
        });
    Path policy = ReplayCases.policy(dir, 1, 2, "");

    JsonNode learning = replay("replay", cases.dir().toString(), "--policy", policy.toString(), "--format", "json");
    JsonNode alone = replay("replay", cases.dir().toString(), "--policy", policy.toString(), "--format", "json",
        "--no-history");

    assertThat(learning.path("runs").asInt()).isEqualTo(3);
    assertThat(learning.path("heals").asInt()).isEqualTo(1);
    assertThat(learning.path("pages").asInt()).isEqualTo(1);
    assertThat(learning.path("knownFlakyRetries").asInt()).isEqualTo(1);
    assertThat(learning.path("missedHeals").asInt()).isEqualTo(1);
    assertThat(learning.path("wrongHeals").asInt()).isZero();
    assertThat(alone.path("heals").asInt()).isZero();
    assertThat(alone.path("pages").asInt()).isEqualTo(2);
    assertThat(alone.path("missedHeals").asInt()).isEqualTo(2);
  }

  /** A retry that never helps for a signature stops being tried after five attempts; a person is paged. */
  @Test
  void aStrategyThatNeverHealsStopsBeingTried() throws IOException {
    ReplayCases cases = new ReplayCases(cases());
    for (int i = 0; i < 8; i++) {
      cases.failed(ReplayCases.ECONNRESET, "genuine_failure", c -> c.put("pipeline", "web"));
    }
    Path policy = ReplayCases.policy(dir, 1, 1, "");

    JsonNode learning = replay("replay", cases.dir().toString(), "--policy", policy.toString(), "--format", "json");
    JsonNode alone = replay("replay", cases.dir().toString(), "--policy", policy.toString(), "--format", "json",
        "--no-history");

    assertThat(learning.path("retriesSpent").asInt()).isEqualTo(5);
    assertThat(learning.path("trackRecordStops").asInt()).isEqualTo(3);
    assertThat(learning.path("pages").asInt()).isEqualTo(8);
    assertThat(learning.path("wrongHeals").asInt()).isEqualTo(5);
    assertThat(learning.path("ciMinutes").asInt()).isEqualTo(50);
    assertThat(alone.path("retriesSpent").asInt()).isEqualTo(8);
    assertThat(alone.path("wrongHeals").asInt()).isEqualTo(8);
  }

  @Test
  void theThresholdAndTheRetryBudgetAreSimulated() throws IOException {
    ReplayCases cases = new ReplayCases(cases());
    for (int i = 0; i < 3; i++) {
      cases.failed(ReplayCases.ECONNRESET, "transient_infra", c -> {
        c.put("pipeline", "web").put("duration_minutes", 4);
        c.putArray("retry_outcomes").add("failed").add("failed").add("passed");
      });
    }

    JsonNode threshold2 = replay("replay", cases.dir().toString(), "--policy",
        ReplayCases.policy(dir, 2, 3, "").toString(), "--format", "json");

    // The first failure is below the threshold; the second heals on its third attempt, resetting the count; the
    // third is below the threshold again.
    assertThat(threshold2.path("belowThreshold").asInt()).isEqualTo(2);
    assertThat(threshold2.path("heals").asInt()).isEqualTo(1);
    assertThat(threshold2.path("retriesSpent").asInt()).isEqualTo(3);
    assertThat(threshold2.path("ciMinutes").asInt()).isEqualTo(12);
    assertThat(threshold2.path("missedHeals").asInt()).isEqualTo(2);
    assertThat(threshold2.path("missedBelowThreshold").asInt()).isEqualTo(2);

    // Without history, so that the track record (five failed retries by the third case) does not stop it first.
    JsonNode twoRetries = replay("replay", cases.dir().toString(), "--policy",
        ReplayCases.policy(dir, 1, 2, "").toString(), "--format", "json", "--no-history");

    assertThat(twoRetries.path("heals").asInt()).isZero();
    assertThat(twoRetries.path("pages").asInt()).isEqualTo(3);
    assertThat(twoRetries.path("retriesSpent").asInt()).isEqualTo(6);
  }

  @Test
  void memoryAddedIsCounted() throws IOException {
    ReplayCases cases = new ReplayCases(cases())
        .failed(ReplayCases.HEAP, "oom", c -> c.put("pipeline", "web").put("memory_limit", "1Gi"));

    JsonNode report = replay("replay", cases.dir().toString(), "--policy",
        ReplayCases.policy(dir, 1, 3, "").toString(), "--format", "json");

    assertThat(report.path("heals").asInt()).isEqualTo(1);
    assertThat(report.path("memoryAddedMiB").asInt()).isEqualTo(512); // 1Gi -> 1536Mi
  }

  @Test
  void aJUnitReportInTheCaseAddsItsFailingTests() throws IOException {
    ReplayCases cases = new ReplayCases(cases())
        .failed(ReplayCases.ASSERTION, "flaky_test", c -> {
          c.put("pipeline", "web").put("revision", "aaa1111");
          c.putArray("junit_reports").add("reports/TEST-RefundIT.xml");
        });
    cases.file(cases.lastCase(), "reports/TEST-RefundIT.xml", """
        <testsuite name="com.example.payments.RefundIT" tests="1" failures="1">
          <testcase classname="com.example.payments.RefundIT" name="roundsDown"><failure message="3 != 4"/></testcase>
        </testsuite>
        """);
    cases.passed(c -> c.put("pipeline", "web").put("revision", "aaa1111"))
        .failed(ReplayCases.ASSERTION, "flaky_test", c -> {
          c.put("pipeline", "web").put("revision", "bbb2222");
          c.putArray("retry_outcomes").add("passed");
        });

    JsonNode report = replay("replay", cases.dir().toString(), "--policy",
        ReplayCases.policy(dir, 1, 2, "").toString(), "--format", "json");

    // Both tests are known flaky from the first commit; the third failure shows only one of them: retried.
    assertThat(report.path("knownFlakyRetries").asInt()).isEqualTo(1);
  }

  @Test
  void aReportOutsideTheCaseFolderIsRefused() throws IOException {
    ReplayCases cases = new ReplayCases(cases())
        .failed(ReplayCases.ASSERTION, "flaky_test", c -> c.putArray("junit_reports").add("../../secret.xml"));

    CliRun run = CliRun.run("replay", cases.dir().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("case-01/case.json: junit report ../../secret.xml is not a file in the case's folder");
  }

  @Test
  void casesAreReplayedInTheOrderOfAField() throws IOException {
    // By name the pass comes first and nothing is learnt; by "order" the failure comes first.
    ReplayCases cases = new ReplayCases(cases())
        .passed(c -> c.put("pipeline", "web").put("revision", "aaa1111").put("order", 2))
        .failed(ReplayCases.ASSERTION, "flaky_test", c -> c.put("pipeline", "web").put("revision", "aaa1111")
            .put("order", 1))
        .failed(ReplayCases.ASSERTION, "flaky_test", c -> c.put("pipeline", "web").put("revision", "ccc3333")
            .put("order", 3));

    CliRun run = CliRun.run("replay", cases.dir().toString(), "--policy",
        ReplayCases.policy(dir, 1, 2, "").toString(), "--list");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("heals              1").contains("case-03").contains("healed");
  }

  @Test
  void anInvalidPolicyIsNamed() throws IOException {
    Path policy = ReplayCases.policy(dir, 0, 3, "");

    CliRun run = CliRun.run("replay", cases().toString(), "--policy", policy.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is not a valid policy: spec.failureThreshold: must be >= 1");
  }
}
