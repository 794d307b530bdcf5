package ai.rodytech.healer.demo;

import static ai.rodytech.healer.demo.Scenarios.FAILS_AFTER;
import static ai.rodytech.healer.demo.Scenarios.PASSES_AFTER;

import ai.rodytech.healer.demo.Scenario.Expectation;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo's scenarios on the Job lifecycle as Kubernetes 1.31 runs it (issue 16), where the evidence does not wait
 * for the healer and a corrective run may never start: an OOM under restartPolicy OnFailure, a run deleted at its
 * deadline, a heal a LimitRange stops, and a build that dies of its own heap cap (issue 12).
 */
final class StrictJobScenarios {
  private static final String POLICY = "policies/first-failure.yaml";
  /** The LimitRange's refusal of the corrective run's pods (demo/setup/stuck-heal.yaml caps a container at 640Mi). */
  static final String LIMIT_RANGE_REFUSAL = "maximum memory usage per Container is 640Mi, but limit is 768Mi";
  private static final RunOutcome PASSES = RunOutcome.succeeded(SampleLogs.mavenSuccess(), PASSES_AFTER);
  private static final RunOutcome OOM = RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), FAILS_AFTER);

  private StrictJobScenarios() {}

  static List<Scenario> all() {
    return List.of(oomOnFailure(), deadlineExceeded(), stuckHeal(), heapCap());
  }

  /**
   * The container is OOM-killed and restarted in place (restartPolicy OnFailure); at the backoff limit the job
   * controller deletes the pod before it reports the Job failed. The kill is in the restarted container's
   * lastState, its log in the previous instance's.
   */
  static Scenario oomOnFailure() {
    return new Scenario("oom-onfailure",
        "OOM-killed under restartPolicy OnFailure: restarted in place, then deleted; healed with more memory",
        POLICY, Build.MAVEN.with(StrictJobScenarios::restartInPlace), 1,
        RunScript.byMemoryLimit("768Mi", OOM, PASSES),
        false,
        new Expectation("Healed", "increase_memory", 1, false,
            "137 OOMKilled read from the restarted container; new run's memory 768Mi",
            got -> Optional.ofNullable(got.status()).map(st -> st.snapshot)
                .map(s -> s.exitCode + " " + s.reason + " read from the restarted container").orElse("no snapshot")
                + "; new run's memory " + String.join(", ", got.correctiveMemory())));
  }

  /**
   * The build hangs in an integration test; at activeDeadlineSeconds the job controller deletes the running pod and
   * only reports the Job failed once the pod is gone. The healer reads the pod while it is being stopped.
   */
  static Scenario deadlineExceeded() {
    String log = SampleLogs.mavenSuccess();
    String hung = log.substring(0, log.indexOf("[INFO] Tests run: 6,"));
    return new Scenario("deadline-exceeded",
        "A build hangs past its deadline: its pod is deleted before the Job fails; diagnosed from what was read in time",
        POLICY, Build.MAVEN.with(job -> deadline(job, 2)), 1,
        RunScript.byAttempt(RunOutcome.succeeded(hung, Duration.ofHours(1)), PASSES),
        false,
        new Expectation("Healed", "retry_stage", 1, false, "DeadlineExceeded, log read before the pod went",
            got -> Optional.ofNullable(got.status()).map(st -> st.snapshot).map(s -> s.reason
                + (s.logExcerpt != null && s.logExcerpt.contains("PaymentWebhookIT") && s.missing.isEmpty()
                ? ", log read before the pod went" : ", log missing: " + s.missing)).orElse("no snapshot")));
  }

  /**
   * The heal raises the memory to 768Mi; the dry run of the Job passes, but the namespace's LimitRange refuses
   * every pod of it. The corrective run never starts: after the start timeout the heal has failed, and a person is
   * told why.
   */
  static Scenario stuckHeal() {
    return new Scenario("stuck-heal",
        "A LimitRange refuses the corrective run's pods: the heal fails and a person is told why",
        POLICY, Build.MAVEN, 1,
        RunScript.byMemoryLimit("768Mi", OOM, PASSES),
        false,
        new Expectation("Failed", "increase_memory", 1, true, "its pods refused: " + LIMIT_RANGE_REFUSAL,
            got -> Optional.ofNullable(got.status()).flatMap(st -> st.actions.stream()
                    .filter(a -> "Watch".equals(a.kind)).findFirst())
                .map(a -> a.message)
                .map(m -> m.contains(LIMIT_RANGE_REFUSAL) ? "its pods refused: " + LIMIT_RANGE_REFUSAL : m)
                .orElse("no failed start recorded")));
  }

  /**
   * Maven's JVM dies of its own -Xmx (exit 1, "Java heap space"), well inside the container's limit: raising the
   * limit alone would not help. The healer raises the heap cap in MAVEN_OPTS and the limit with it.
   */
  static Scenario heapCap() {
    return new Scenario("heap-cap",
        "Maven dies of its own -Xmx, not OOM-killed: the heap cap and the memory limit are raised together",
        POLICY, Build.MAVEN.withMemory("768Mi").with(job -> env(job, "MAVEN_OPTS", "-Xmx512m -Xss4m")), 1,
        RunScript.heapCap("600Mi", PASSES),
        false,
        new Expectation("Healed", "increase_memory", 1, false,
            "new run's memory 1152Mi, MAVEN_OPTS -Xmx768m -Xss4m",
            got -> "new run's memory " + String.join(", ", got.correctiveMemory()) + ", MAVEN_OPTS "
                + String.join(", ", got.correctiveEnv("MAVEN_OPTS"))));
  }

  private static Job restartInPlace(Job job) {
    job.getSpec().setBackoffLimit(1);
    job.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure");
    return job;
  }

  private static Job deadline(Job job, long seconds) {
    job.getSpec().setActiveDeadlineSeconds(seconds);
    return job;
  }

  private static Job env(Job job, String name, String value) {
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<EnvVar> env = new java.util.ArrayList<>(Optional.ofNullable(container.getEnv()).orElse(List.of()));
    env.add(new EnvVar(name, value, null));
    container.setEnv(env);
    return job;
  }
}
