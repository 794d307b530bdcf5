package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import static ai.rodytech.healer.operator.StrictCluster.BUILD;
import static ai.rodytech.healer.operator.StrictCluster.PASS;

import ai.rodytech.healer.operator.StrictCluster.Space;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, points 1, 6 and the sidecars of 7: the evidence of a failed Job is taken while it exists, on the strict
 * simulated Job lifecycle of Kubernetes 1.31, where the job controller deletes the running pod at the deadline and
 * at the backoff limit under restartPolicy OnFailure before it reports the Job failed.
 */
class JobEvidenceIT {
  private static final Duration HEALED_WITHIN = Duration.ofSeconds(30);
  private static StrictCluster k;

  @BeforeAll
  static void start() {
    k = new StrictCluster(10);
  }

  @AfterAll
  static void stop() {
    k.close();
  }

  @Test
  void aRunStoppedAtItsDeadlineIsDiagnosedFromWhatItsDeletedPodShowedAndHealed() {
    Space ns = k.namespace("deadline", RunScript.byAttempt(PASS.after(Duration.ofHours(1)), PASS));
    ns.run("backend-ci-build-1", s -> s.withActiveDeadlineSeconds(20L));

    IncidentStatus st = ns.awaitOutcome("backend-ci-build-1", "Healed", HEALED_WITHIN);
    // The job controller deleted the pod when the deadline passed; it goes once the kubelet has stopped it (a
    // graceful deletion), which may end after the heal under load.
    org.awaitility.Awaitility.await("the pod the job controller deleted").atMost(Duration.ofSeconds(20))
        .until(() -> k.client.pods().inNamespace(ns.ns).withLabel("job-name", "backend-ci-build-1").list()
            .getItems().isEmpty());
    FailureSnapshot snapshot = ns.snapshot("backend-ci-build-1");
    assertThat(snapshot.failedContainer()).isEqualTo("build");
    assertThat(snapshot.exitCode()).as("SIGTERM, or still running when read").isIn(143, null);
    assertThat(snapshot.reason()).as("the deadline ended the run, not the container").isEqualTo("DeadlineExceeded");
    assertThat(snapshot.log().text()).contains("Tests run: 24");
    assertThat(snapshot.missing()).isEmpty();
    assertThat(st.diagnosis.category).isEqualTo("timeout");
    assertThat(st.action).isEqualTo("retry_stage");
  }

  @Test
  void anOomUnderRestartPolicyOnFailureIsReadFromTheLastStateAndThePreviousLogAndHealedWithMoreMemory() {
    // Each instance runs long enough that the job controller deletes the pod while the restarted one still runs
    // (on a loaded machine a 300 ms instance was OOM-killed a second time first, and its own log was then the
    // evidence, not the previous instance's).
    Space ns = k.namespace("oom-onfailure", RunScript.byMemoryLimit("768Mi",
        RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), BUILD.multipliedBy(10)), PASS));
    ns.run("backend-ci-build-1", s -> s.withBackoffLimit(1)
        .editTemplate().editSpec().withRestartPolicy("OnFailure").endSpec().endTemplate());

    IncidentStatus st = ns.awaitOutcome("backend-ci-build-1", "Healed", HEALED_WITHIN);
    FailureSnapshot snapshot = ns.snapshot("backend-ci-build-1");
    assertThat(snapshot.failedContainer()).isEqualTo("build");
    assertThat(snapshot.exitCode()).isEqualTo(137);
    assertThat(snapshot.reason()).isEqualTo("OOMKilled");
    assertThat(snapshot.log().source()).contains("previous instance");
    assertThat(snapshot.log().text()).contains("java.lang.OutOfMemoryError: Java heap space");
    assertThat(st.diagnosis.category).isEqualTo("oom");
    assertThat(st.diagnosis.evidence).anySatisfy(e -> assertThat(e.text).contains("OutOfMemoryError"));
    Job retry = ns.retries("backend-ci-build-1").get(0);
    assertThat(retry.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
        .get("memory").toString()).isEqualTo("768Mi");
  }

  @Test
  void theLogTailKeepsTheEndWhenLinesAreLong() {
    // 3,000 lines of 300 characters before the failure: the last 2,000 lines are 600 KB, more than the 256 KiB read.
    String noise = IntStream.range(0, 3000)
        .mapToObj(i -> String.format("[DEBUG] %05d %s", i, "resolving artifact com.example:lib:jar:1.0 ".repeat(7)))
        .collect(Collectors.joining("\n", "", "\n"));
    String flaky = SampleLogs.flakyTest();
    Space ns = k.namespace("long-lines", RunScript.byAttempt(RunOutcome.failed(1, noise + flaky, BUILD), PASS));
    ns.run("backend-ci-build-1", s -> s);

    IncidentStatus st = ns.awaitOutcome("backend-ci-build-1", "Healed", HEALED_WITHIN);
    FailureSnapshot snapshot = ns.snapshot("backend-ci-build-1");
    List<String> lines = flaky.strip().lines().toList();
    assertThat(snapshot.log().text().strip()).endsWith(lines.get(lines.size() - 1));
    assertThat(snapshot.log().text()).contains("ConditionTimeoutException");
    assertThat(snapshot.log().truncated()).isTrue();
    assertThat(snapshot.log().text().length()).isLessThanOrEqualTo(256 * 1024 + 8);
    assertThat(st.diagnosis.category).isEqualTo("flaky_test");
  }

  @Test
  void aNativeSidecarKilledAtTheEndIsNeverTakenForTheFailedContainer() {
    Space ns = k.namespace("native-sidecar", RunScript.byAttempt(
        RunOutcome.failed(1, SampleLogs.flakyTest(), BUILD).withSidecarExit(137), PASS));
    ns.run("backend-ci-build-1", s -> s.editTemplate().editSpec().addNewInitContainer().withName("proxy")
        .withImage("envoyproxy/envoy:v1.31.2").withRestartPolicy("Always").endInitContainer().endSpec().endTemplate());

    IncidentStatus st = ns.awaitOutcome("backend-ci-build-1", "Healed", HEALED_WITHIN);
    FailureSnapshot snapshot = ns.snapshot("backend-ci-build-1");
    assertThat(snapshot.failedContainer()).isEqualTo("build");
    assertThat(snapshot.exitCode()).isEqualTo(1);
    assertThat(snapshot.container("proxy").orElseThrow().exitCode()).as("observed, not blamed").isEqualTo(137);
    assertThat(st.diagnosis.category).isEqualTo("flaky_test");
    assertThat(st.action).isEqualTo("retry_stage");
  }
}
