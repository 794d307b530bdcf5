package ai.rodytech.healer.demo;

import ai.rodytech.healer.demo.Scenario.Expectation;
import ai.rodytech.healer.operator.run.argo.WorkflowLayout;
import ai.rodytech.healer.operator.run.tekton.TektonLayout;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.SampleLogs;
import ai.rodytech.healer.sim.engine.StepScript;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo's scenarios of CI engines' runs: Tekton PipelineRuns and Argo Workflows of the same pipeline, under the
 * same policy as the Jobs, healed by the same operator through their run kinds.
 */
final class EngineScenarios {
  private static final Duration FAILS_AFTER = Duration.ofMillis(300);
  private static final Duration PASSES_AFTER = Duration.ofMillis(400);
  /** A Node.js test run the kernel killed mid-way: the log just stops. */
  private static final String NODE_KILLED = "+ npm ci --no-audit --no-fund\n\nadded 812 packages in 21s\n+ npm test\n\n"
      + "> backend@1.4.2 test\n> jest --ci\n\nPASS src/orders/orders.test.ts\nPASS src/payments/refunds.test.ts\n";

  private EngineScenarios() {}

  static List<Scenario> all() {
    return List.of(tektonOom(), tektonFlaky(), argoTransient(), argoOom());
  }

  /** Every step but the one a scenario is about passes at once. */
  private static StepScript quick() {
    return StepScript.always(RunOutcome.succeeded("done\n", Duration.ofMillis(50)));
  }

  static Scenario tektonOom() {
    return new Scenario("tekton-oom",
        "A PipelineRun's test step killed for memory passes with more memory on that step only",
        Scenarios.SEED_POLICY,
        Runs.Engine.tekton(StepScript.onStep("build", "test", StepScript.byMemoryLimit("768Mi",
            RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), FAILS_AFTER),
            RunOutcome.succeeded(SampleLogs.mavenSuccess(), PASSES_AFTER)), quick())),
        2, false,
        new Expectation("Healed", "increase_memory", 1, false, "step build/test 768Mi, other steps as they were",
            EngineScenarios::stepMemory));
  }

  static Scenario tektonFlaky() {
    return new Scenario("tekton-flaky", "A PipelineRun's flaky test passes when the Pipeline runs again",
        Scenarios.SEED_POLICY,
        Runs.Engine.tekton(StepScript.onStep("build", "test", StepScript.byAttempt(
            RunOutcome.failed(1, SampleLogs.flakyTest(), FAILS_AFTER),
            RunOutcome.succeeded(SampleLogs.mavenSuccess(), PASSES_AFTER)), quick())),
        2, false,
        new Expectation("Healed", "retry_stage", 1, false, "diagnosed flaky_test, the Pipeline run again by reference",
            got -> "diagnosed " + got.category() + (firstRun(got).map(r -> r.at("/spec/pipelineRef/name").isTextual())
                .orElse(false) ? ", the Pipeline run again by reference" : ", not by reference")));
  }

  static Scenario argoTransient() {
    return new Scenario("argo-transient", "The npm registry times out in a Workflow; it is resubmitted and passes",
        Scenarios.SEED_POLICY,
        Runs.Engine.argo(StepScript.onStep("build", "main", StepScript.byAttempt(
            RunOutcome.failed(1, SampleLogs.npmRegistryTimeout(), FAILS_AFTER),
            RunOutcome.succeeded(SampleLogs.npmSuccess(), PASSES_AFTER)), quick())),
        2, false,
        new Expectation("Healed", "retry_stage", 1, false,
            "diagnosed transient_infra, resubmitted from its WorkflowTemplate",
            got -> "diagnosed " + got.category() + (firstRun(got)
                .map(r -> r.at("/spec/workflowTemplateRef/name").isTextual()).orElse(false)
                ? ", resubmitted from its WorkflowTemplate" : ", not from its WorkflowTemplate")));
  }

  static Scenario argoOom() {
    return new Scenario("argo-oom", "A Workflow's build killed for memory (exit 137) passes with more memory",
        Scenarios.SEED_POLICY,
        Runs.Engine.argo(StepScript.onStep("build", "main", StepScript.byMemoryLimit("768Mi",
            RunOutcome.oomKilled(NODE_KILLED, FAILS_AFTER),
            RunOutcome.succeeded(SampleLogs.npmSuccess(), PASSES_AFTER)), quick())),
        2, false,
        new Expectation("Healed", "increase_memory", 1, false, "template build 768Mi",
            got -> "template build " + String.join(", ", got.correctiveMemory(WorkflowLayout.INSTANCE, "build"))));
  }

  /** The memory of step build/test in the new run, and whether the other steps kept theirs (1Gi each). */
  private static String stepMemory(Observation got) {
    List<String> test = got.correctiveMemory(TektonLayout.INSTANCE, "build/test");
    boolean othersKept = got.correctiveMemory(TektonLayout.INSTANCE, "build/compile").stream().allMatch("1Gi"::equals)
        && got.correctiveMemory(TektonLayout.INSTANCE, "build/package").stream().allMatch("1Gi"::equals);
    return "step build/test " + String.join(", ", test)
        + (othersKept ? ", other steps as they were" : ", other steps changed");
  }

  private static Optional<JsonNode> firstRun(Observation got) {
    return got.correctiveRuns().stream().findFirst().map(Observation::tree);
  }
}
