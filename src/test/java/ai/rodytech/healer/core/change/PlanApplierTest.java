package ai.rodytech.healer.core.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.AlertHuman;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.Retry;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanApplierTest {
  private static final String BUILD = "/spec/template/spec/containers/0";
  private static final String FETCH = "/spec/template/spec/initContainers/0";

  private final ObjectNode job = TestJobs.load("build-oom.yaml");
  private final ObjectNode original = job.deepCopy();

  @Test
  void memoryBumpSetsLimitAndRequestOfThatContainerOnly() {
    ObjectNode after = TestJobs.apply(new MemoryBump("build", "512Mi", "768Mi", "256Mi", "384Mi", "oom"), job);

    assertThat(after.at(BUILD + "/resources/limits/memory").asText()).isEqualTo("768Mi");
    assertThat(after.at(BUILD + "/resources/requests/memory").asText()).isEqualTo("384Mi");
    assertThat(TestJobs.diff(job, after).changedPaths())
        .containsExactly(BUILD + "/resources/limits/memory", BUILD + "/resources/requests/memory");
    assertThat(job).isEqualTo(original);
  }

  @Test
  void memoryBumpOnAnInitContainerCreatesMissingRequests() {
    ObjectNode after = TestJobs.apply(new MemoryBump("fetch", "128Mi", "384Mi", null, "384Mi", "oom"), job);

    assertThat(after.at(FETCH + "/resources/limits/memory").asText()).isEqualTo("384Mi");
    assertThat(after.at(FETCH + "/resources/requests/memory").asText()).isEqualTo("384Mi");
  }

  @Test
  void memoryBumpGivesAContainerWithoutResourcesItsFirstOnes() {
    ObjectNode bare = TestJobs.load("no-limits.yaml");

    ObjectNode after = TestJobs.apply(new MemoryBump("test", null, "1Gi", null, "1Gi", "oom"), bare);
    ChangeSet change = TestJobs.diff(bare, after);

    assertThat(change.changedPaths())
        .containsExactly(
            "/spec/template/spec/containers/0/resources/limits/memory",
            "/spec/template/spec/containers/0/resources/requests/memory");
    assertThat(change.changedLines()).isEqualTo(5);
    assertThat(change.unifiedDiff())
        .isEqualTo(
            """
            --- integration-tests-x7k2p
            +++ integration-tests-x7k2p
            @@ -18,4 +18,9 @@
                     - verify
                     image: maven:3.9-eclipse-temurin-17
                     name: test
            +        resources:
            +          limits:
            +            memory: 1Gi
            +          requests:
            +            memory: 1Gi
                   restartPolicy: Never
            """);
  }

  @Test
  void memoryBumpWithoutRequestLeavesRequestsAlone() {
    ObjectNode after = TestJobs.apply(new MemoryBump("build", "512Mi", "768Mi", "256Mi", null, "oom"), job);

    assertThat(after.at(BUILD + "/resources/requests/memory").asText()).isEqualTo("256Mi");
  }

  @Test
  void imagePinSetsTheImage() {
    String pinned = "node@sha256:" + "a".repeat(64);
    ObjectNode after = TestJobs.apply(new VersionPin("build", null, "node:20", pinned, "moved"), job);

    assertThat(after.at(BUILD + "/image").asText()).isEqualTo(pinned);
    assertThat(TestJobs.diff(job, after).changedPaths()).containsExactly(BUILD + "/image");
  }

  @Test
  void envPinSetsThePlainValue() {
    ObjectNode after =
        TestJobs.apply(new VersionPin("build", "NODE_VERSION", "20.14.0", "20.11.1", "moved"), job);

    assertThat(after.at(BUILD + "/env/1/value").asText()).isEqualTo("20.11.1");
    assertThat(TestJobs.diff(job, after).changedPaths()).containsExactly(BUILD + "/env/1/value");
  }

  @Test
  void retryAndAlertChangeNothingButReturnACopy() {
    for (RecoveryPlan plan : new RecoveryPlan[] {new Retry("flaky"), new AlertHuman("genuine")}) {
      ObjectNode after = TestJobs.apply(plan, job);
      assertThat(after).isEqualTo(job).isNotSameAs(job);
    }
  }

  static Stream<Arguments> impossiblePlans() {
    return Stream.of(
        Arguments.of(new MemoryBump("deploy", null, "1Gi", null, "1Gi", "x"), "the run has no container named 'deploy'"),
        Arguments.of(new VersionPin("lint", null, "a", "b", "x"), "the run has no container named 'lint'"),
        Arguments.of(
            new VersionPin("build", "PYTHON_VERSION", "3.11", "3.12", "x"),
            "container 'build' has no environment variable PYTHON_VERSION"),
        Arguments.of(
            new VersionPin("build", "NPM_TOKEN", null, "x", "x"),
            "environment variable NPM_TOKEN of container 'build' takes its value from a reference (valueFrom)"));
  }

  @ParameterizedTest
  @MethodSource("impossiblePlans")
  void aPlanTheJobCannotTakeIsRefusedByName(RecoveryPlan plan, String message) {
    assertThatThrownBy(() -> TestJobs.apply(plan, job))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    assertThat(job).isEqualTo(original);
  }
}
