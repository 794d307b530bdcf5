package ai.rodytech.healer.operator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.OperatorClient;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.operator.observe.LogLimits;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.run.argo.ArgoKind;
import ai.rodytech.healer.operator.run.job.JobKind;
import ai.rodytech.healer.operator.run.tekton.TektonKind;
import ai.rodytech.healer.testing.TestCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which kinds the operator watches: every built-in kind, and a CRD's kind only when the cluster serves it. */
class RunKindsTest {

  private static List<String> served(TestCluster t) {
    RunKinds kinds = RunKinds.standard(t.client, new PodReader(t.client, Redactor.none(), LogLimits.DEFAULT),
        Redactor.none(), Clock.systemUTC());
    return kinds.served().stream().map(r -> r.kind().kind()).toList();
  }

  @Test
  void eachKindIsNamedOnIncidentsAndRequestsAsItsTypeDeclares() {
    assertThat(Stream.of(new JobKind(null, null, null), new TektonKind(null, null, null, null),
        new ArgoKind(null, null, null)).map(k -> k.apiVersion() + " " + k.kind()))
        .containsExactly("batch/v1 Job", "tekton.dev/v1 PipelineRun", "argoproj.io/v1alpha1 Workflow");
  }

  @Test
  void everyKindIsWatchedWhereItsCrdIsInstalled() {
    try (TestCluster t = new TestCluster()) {
      assertThat(served(t)).containsExactly("Job", "PipelineRun", "Workflow");
    }
  }

  @Test
  void aKindWhoseCrdIsNotInstalledIsNotWatchedAndTheOperatorStartsWithoutIt() {
    try (TestCluster t = new TestCluster()) {
      t.client.apiextensions().v1().customResourceDefinitions().withName("pipelineruns.tekton.dev").delete();
      t.client.apiextensions().v1().customResourceDefinitions().withName("workflows.argoproj.io").delete();
      await().atMost(Duration.ofSeconds(5)).until(() -> served(t).equals(List.of("Job")));

      t.countFromHere();
      HealerOperator operator = HealerOperator.start(OperatorClient.build(t.cluster.config()), OperatorSettings.defaults().forMockServer(),
          new HealerOperator.Services(p -> null, null, Redactor.none(), new SimpleMeterRegistry(), Clock.systemUTC()));
      operator.close();

      assertThat(t.cluster.requests().count(c -> c.path().endsWith("/jobs"))).as("Jobs listed and watched").isPositive();
      assertThat(t.cluster.requests().count(c -> c.path().endsWith("/pipelineruns") || c.path().endsWith("/workflows")))
          .as("calls on PipelineRuns or Workflows").isZero();
    }
  }
}
