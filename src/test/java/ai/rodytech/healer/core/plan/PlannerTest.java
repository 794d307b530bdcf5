package ai.rodytech.healer.core.plan;

import static ai.rodytech.healer.core.plan.TestSnapshots.diagnosis;
import static ai.rodytech.healer.core.plan.TestSnapshots.killed;
import static ai.rodytech.healer.core.plan.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.plan.RecoveryPlan.AlertHuman;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.Retry;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.policy.TestRules;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlannerTest {
  private final Planner planner = new Planner();

  /**
   * The plan follows the diagnosis whatever the policy allows: whether the strategy is allowed is the guard's call
   * (StrategyAllowedCheck), made once for every brain.
   */
  @ParameterizedTest(name = "{0} with {1} allowed -> {2}")
  @CsvSource({
    "TRANSIENT_INFRA, RETRY_STAGE, Retry",
    "FLAKY_TEST, RETRY_STAGE, Retry",
    "OOM, INCREASE_MEMORY, MemoryBump",
    "DEPENDENCY_VERSION, PATCH_DEPENDENCY_VERSION, VersionPin",
    "OOM, RETRY_STAGE, MemoryBump",
    "FLAKY_TEST, INCREASE_MEMORY, Retry",
    "GENUINE_FAILURE, RETRY_STAGE, AlertHuman",
    "UNKNOWN, RETRY_STAGE, AlertHuman",
  })
  void theDiagnosisActionBecomesAPlanAndTheGuardJudgesTheAllowlist(Category category, Action allowed, String expected) {
    PolicyRules rules = TestRules.defaults().allowed(allowed).build();
    KnownGoodVersions knownGood = new KnownGoodVersions("good", Map.of("build", "node:20"),
        Map.of("build", "docker.io/library/node@" + TestSnapshots.GOOD_DIGEST), Map.of());
    var build = new ai.rodytech.healer.core.snapshot.ContainerObservation("build", "node:20",
        "node@" + TestSnapshots.NEW_DIGEST, "512Mi", null, 137, "OOMKilled", Map.of(), false);

    RecoveryPlan plan = planner.plan(diagnosis(category, Map.of()), snapshot("build", build), rules, knownGood);

    Class<?> type = switch (expected) {
      case "Retry" -> Retry.class;
      case "MemoryBump" -> MemoryBump.class;
      case "VersionPin" -> VersionPin.class;
      default -> AlertHuman.class;
    };
    assertThat(plan).isInstanceOf(type);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "GENUINE_FAILURE | the diagnosis (genuine_failure) calls for a person: summary of genuine_failure",
      })
  void anAlertSaysWhy(Category category, String reason) {
    PolicyRules rules = TestRules.defaults().allowed(Action.RETRY_STAGE).build();

    RecoveryPlan plan = planner.plan(diagnosis(category, Map.of()), snapshot("build", killed("build", "1Gi", null)),
        rules, KnownGoodVersions.NONE);

    assertThat(plan).isEqualTo(new AlertHuman(reason));
  }
}
