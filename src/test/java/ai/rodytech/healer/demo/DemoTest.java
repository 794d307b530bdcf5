package ai.rodytech.healer.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's fixed parts, without a cluster: its policies, its scenarios' names, and how results are judged. */
class DemoTest {

  @Test
  void theSeedPolicyIsTheArticlesByteForByte() throws IOException {
    assertThat(bytes("/demo/" + Scenarios.SEED_POLICY)).isEqualTo(bytes("/policies/seed.yaml"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"seed-policy.yaml", "policies/oom-ceiling.yaml", "policies/compile-error.yaml",
      "policies/secret-pin.yaml", "policies/shadow.yaml", "policies/approval.yaml", "policies/first-failure.yaml",
      "policies/useless-retry.yaml"})
  void everyPolicyTheDemoAppliesIsValid(String resource) throws IOException {
    try (InputStream in = DemoTest.class.getResourceAsStream("/demo/" + resource)) {
      PipelineRecoveryPolicy policy =
          new KubernetesSerialization().unmarshal(Objects.requireNonNull(in, resource), PipelineRecoveryPolicy.class);
      assertThat(PolicyValidator.validate(policy)).isEmpty();
    }
  }

  @Test
  void everyScenarioNamesAPolicyThatExistsAndPlaysInItsOwnNamespace() {
    List<Scenario> all = Scenarios.all();
    assertThat(all).extracting(Scenario::name).containsExactly("flaky-test", "oom", "oom-ceiling",
        "registry-outage", "floating-tag", "compile-error", "secret-pin", "shadow", "approval", "oom-onfailure",
        "deadline-exceeded", "stuck-heal", "heap-cap", "flaky-history", "useless-retry", "tekton-oom", "tekton-flaky",
        "argo-transient", "argo-oom");
    assertThat(all).extracting(Scenario::runKind).containsOnly("Job", "PipelineRun", "Workflow");
    assertThat(all).extracting(Scenario::namespace).doesNotHaveDuplicates();
    all.forEach(s -> assertThat(DemoTest.class.getResource("/demo/" + s.policy())).as(s.policy()).isNotNull());
  }

  @Test
  void anExpectationIsMetOnlyWhenOutcomeActionRunsAlertAndFactAllAgree() {
    Scenario.Expectation oom = Scenarios.oom().expected();
    Job bumped = Build.MAVEN.run("ns", 2);
    bumped.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
        .put("memory", new io.fabric8.kubernetes.api.model.Quantity("768Mi"));

    assertThat(oom.metBy(observed("Healed", "increase_memory", List.of(bumped), false))).isTrue();
    assertThat(oom.metBy(observed("NeedsHuman", "alert_human", List.of(bumped), true))).isFalse();
    assertThat(oom.metBy(observed("Healed", "retry_stage", List.of(bumped), false))).isFalse();
    assertThat(oom.metBy(observed("Healed", "increase_memory", List.of(bumped, bumped), false))).isFalse();
    assertThat(oom.metBy(observed("Healed", "increase_memory", List.of(bumped), true))).isFalse();
    Job unchanged = Build.MAVEN.run("ns", 2);
    assertThat(oom.metBy(observed("Healed", "increase_memory", List.of(unchanged), false))).isFalse();
    assertThat(oom.describe(observed("Healed", "increase_memory", List.of(unchanged), false)))
        .isEqualTo("Healed by increase_memory, 1 new run; new run's memory 512Mi");
  }

  @Test
  void twoIncidentsWhereOneIsExpectedIsAMismatch() {
    Observation two = new Observation(2, null, List.of(), false);
    assertThat(two.outcome()).isEqualTo("2 incidents");
    assertThat(Scenarios.compileError().expected().metBy(two)).isFalse();
  }

  @Test
  void aReportPassesOnlyWhenEveryScenarioDid() {
    ScenarioResult ok = new ScenarioResult("a", "Job", "A", "x", "x", true, 10L, 20L, null);
    ScenarioResult bad = new ScenarioResult("b", "PipelineRun", "B", "x", "y", false, null, null,
        "timed out waiting for z");
    assertThat(new DemoReport(List.of(ok, ok), 1, 2, 3).passed()).isTrue();
    assertThat(new DemoReport(List.of(ok, bad), 1, 2, 3).passed()).isFalse();
    assertThat(new DemoReport(List.of(), 1, 2, 3).passed()).as("nothing played proves nothing").isFalse();
  }

  @Test
  void anEngineScenariosRunsAreItsOwnKindAndItsFactReadsTheStepItIsAbout() {
    Scenario oom = EngineScenarios.tektonOom();
    JsonNode run = oom.runs().run("demo-tekton-oom", 3);
    assertThat(oom.runKind()).isEqualTo("PipelineRun");
    assertThat(run.at("/metadata/name").asText()).isEqualTo("backend-ci-build-3");
    assertThat(run.at("/spec/pipelineRef/name").asText()).isEqualTo("backend-ci-build");
    assertThat(oom.runs().prerequisites()).extracting(d -> d.path("kind").asText()).containsExactly("Task", "Pipeline");

    GenericKubernetesResource healed = inlined("768Mi");
    assertThat(oom.expected().metBy(observed("Healed", "increase_memory", List.of(healed), false))).isTrue();
    assertThat(oom.expected().describe(observed("Healed", "increase_memory", List.of(inlined("512Mi")), false)))
        .isEqualTo("Healed by increase_memory, 1 new run; step build/test 512Mi, other steps as they were");
    assertThat(EngineScenarios.argoOom().runs().prerequisites()).extracting(d -> d.path("kind").asText())
        .containsExactly("WorkflowTemplate");
  }

  /** A PipelineRun of the demo's pipeline with its build task inlined, step build/test at {@code memory}. */
  private static GenericKubernetesResource inlined(String memory) {
    ObjectNode run = new ObjectMapper()
        .createObjectNode();
    run.put("apiVersion", "tekton.dev/v1").put("kind", "PipelineRun").putObject("metadata").put("name", "r");
    ArrayNode steps = run.putObject("spec").putObject("pipelineSpec")
        .putArray("tasks").addObject().put("name", "build").putObject("taskSpec").putArray("steps");
    for (String[] step : new String[][] {{"compile", "1Gi"}, {"test", memory}, {"package", "1Gi"}}) {
      steps.addObject().put("name", step[0]).putObject("computeResources").putObject("limits").put("memory", step[1]);
    }
    return new KubernetesSerialization().convertValue(run, GenericKubernetesResource.class);
  }

  @Test
  void aSlowerPaceStretchesSimulatedTimeAndNonsenseIsRefused() {
    assertThat(new Pace(0.25).of(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(1200));
    assertThat(Pace.NORMAL.of(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
    assertThatThrownBy(() -> new Pace(0)).hasMessageContaining("speed");
    assertThatThrownBy(() -> new Pace(Double.NaN)).hasMessageContaining("speed");
  }

  private static Observation observed(String outcome, String action,
      List<? extends HasMetadata> runs, boolean alerted) {
    IncidentStatus status = new IncidentStatus();
    status.outcome = outcome;
    status.action = action;
    return new Observation(1, status, runs, alerted);
  }

  private static byte[] bytes(String resource) throws IOException {
    try (InputStream in = DemoTest.class.getResourceAsStream(resource)) {
      return Objects.requireNonNull(in, resource).readAllBytes();
    }
  }
}
