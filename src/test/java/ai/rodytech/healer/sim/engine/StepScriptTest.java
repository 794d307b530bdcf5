package ai.rodytech.healer.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.sim.RunOutcome;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepScriptTest {
  private static final RunOutcome FAIL = RunOutcome.failed(1, "boom\n", Duration.ofSeconds(1));
  private static final RunOutcome PASS = RunOutcome.succeeded("ok\n", Duration.ofSeconds(1));

  private static StepRun step(String pipeline, String task, String step, int attempt, int retry, String memory) {
    return new StepRun("tekton", "ci", "run-1", pipeline, task, step, attempt, retry, "maven:3.9",
        Map.of("CI", "true"), memory == null ? null : new Quantity(memory), Map.of(), Map.of());
  }

  @Test
  void attemptsAndRetriesPickTheirOutcomeAndTheLastRepeats() {
    StepScript byAttempt = StepScript.byAttempt(FAIL, PASS);
    assertThat(byAttempt.run(step("p", "build", "test", 0, 3, null))).isSameAs(FAIL);
    assertThat(byAttempt.run(step("p", "build", "test", 1, 0, null))).isSameAs(PASS);
    assertThat(byAttempt.run(step("p", "build", "test", 7, 0, null))).isSameAs(PASS);
    StepScript byRetry = StepScript.byRetry(FAIL, PASS);
    assertThat(byRetry.run(step("p", "build", "test", 5, 0, null))).isSameAs(FAIL);
    assertThat(byRetry.run(step("p", "build", "test", 0, 2, null))).isSameAs(PASS);
    assertThatThrownBy(StepScript::byRetry).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stepsAndPipelinesRouteToTheirOwnScript() {
    StepScript script = StepScript.byPipeline(
        Map.of("backend-ci-build", StepScript.onStep("build", "test", StepScript.always(FAIL), StepScript.always(PASS))),
        StepScript.always(FAIL));
    assertThat(script.run(step("backend-ci-build", "build", "test", 0, 0, null))).isSameAs(FAIL);
    assertThat(script.run(step("backend-ci-build", "build", "compile", 0, 0, null))).isSameAs(PASS);
    assertThat(script.run(step("backend-ci-build", "lint", "test", 0, 0, null))).isSameAs(PASS);
    assertThat(script.run(step("frontend-ci", "build", "compile", 0, 0, null))).isSameAs(FAIL);
  }

  @Test
  void aMemoryLimitAtTheThresholdPassesAndNoLimitCountsAsBelow() {
    StepScript script = StepScript.byMemoryLimit("768Mi", FAIL, PASS);
    assertThat(script.run(step("p", "t", "s", 0, 0, "512Mi"))).isSameAs(FAIL);
    assertThat(script.run(step("p", "t", "s", 0, 0, "768Mi"))).isSameAs(PASS);
    assertThat(script.run(step("p", "t", "s", 0, 0, "1Gi"))).isSameAs(PASS);
    assertThat(script.run(step("p", "t", "s", 0, 0, null))).isSameAs(FAIL);
    assertThat(step("p", "t", "s", 0, 0, "1Gi").path()).isEqualTo("t/s");
  }
}
