package ai.rodytech.healer.operator.run.argo;

import static ai.rodytech.healer.operator.run.RunFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.operator.run.RunFixtures;
import ai.rodytech.healer.operator.run.RunState;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A Workflow's state from its phase and nodes (fixture runs/argo-oom.yaml, one change per case). */
class WorkflowStatesTest {
  private static final String BUILD_NODE = "/status/nodes/backend-ci-build-x7k2q-2871467101";
  private final ObjectNode workflow = RunFixtures.load("argo-oom.yaml").get(0);

  private RunState state() {
    return WorkflowStates.of(ArgoKind.asWorkflow(workflow));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Failed", "Error"})
  void aPodThatFailedIsAFailureForABrain(String phase) {
    at(workflow, "/status").put("phase", phase);

    assertThat(state()).isInstanceOfSatisfying(RunState.Failed.class, f -> {
      assertThat(f.reason()).isEqualTo(phase);
      assertThat(f.forPerson()).isNull();
      assertThat(f.at()).hasToString("2025-06-02T02:44:03Z");
    });
  }

  @Test
  void succeeded() {
    at(workflow, "/status").put("phase", "Succeeded");

    assertThat(state()).isInstanceOf(RunState.Succeeded.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Running", "Pending", "''"})
  void notFinished(String phase) {
    at(workflow, "/status").put("phase", phase);

    assertThat(state().finished()).isFalse();
  }

  @Test
  void aNodeArgoRetriesKeepsTheWorkflowRetrying() {
    at(workflow, "/status").put("phase", "Running");
    ObjectNode nodes = at(workflow, "/status/nodes");
    ObjectNode retry = nodes.putObject("backend-ci-build-x7k2q-1");
    retry.put("id", "backend-ci-build-x7k2q-1").put("type", "Retry").put("displayName", "build").put("phase", "Running")
        .putArray("children").add("backend-ci-build-x7k2q-2871467101");

    assertThat(state()).isInstanceOfSatisfying(RunState.Retrying.class,
        r -> assertThat(r.why()).contains("retries node build"));
  }

  @Test
  void aWorkflowThatRanNoPodGoesToAPerson() {
    at(workflow, "/status").put("phase", "Error").put("message",
        "workflowtemplates.argoproj.io \"backend-ci-build\" not found").remove("nodes");

    assertThat(state()).isInstanceOfSatisfying(RunState.Failed.class, f -> assertThat(f.forPerson())
        .contains("Argo could not run the Workflow (phase Error) (workflowtemplates.argoproj.io"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Stopped with strategy 'Terminate'|stopped by a person",
      "Step exceeded its deadline|ran past its deadline (activeDeadlineSeconds)"})
  void aStoppedOrTimedOutWorkflowGoesToAPerson(String message, String why) {
    at(workflow, "/status").put("message", message);

    assertThat(state()).isInstanceOfSatisfying(RunState.Failed.class, f -> assertThat(f.forPerson()).contains(why));
  }

  @Test
  void aFailedNodeIsTheOneArgoDidNotRecoverFrom() {
    ObjectNode build = at(workflow, BUILD_NODE);
    ObjectNode nodes = at(workflow, "/status/nodes");
    ObjectNode retry = nodes.putObject("backend-ci-build-x7k2q-9");
    retry.put("id", "backend-ci-build-x7k2q-9").put("type", "Retry").put("phase", "Failed")
        .putArray("children").add("backend-ci-build-x7k2q-8").add("backend-ci-build-x7k2q-2871467101");
    ObjectNode first = nodes.putObject("backend-ci-build-x7k2q-8");
    first.setAll(build.deepCopy());
    first.put("id", "backend-ci-build-x7k2q-8").put("finishedAt", "2025-06-02T02:41:00Z");

    var podNodes = java.util.List.of(first, (com.fasterxml.jackson.databind.JsonNode) build);
    assertThat(WorkflowObserver.failedNode(workflow.at("/status/nodes"), podNodes))
        .hasValueSatisfying(n -> assertThat(n.path("id").asText()).isEqualTo("backend-ci-build-x7k2q-2871467101"));
  }
}
