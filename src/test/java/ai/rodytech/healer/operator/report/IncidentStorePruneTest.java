package ai.rodytech.healer.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.IncidentSpec;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.operator.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pruning keeps what is still going on, including an incident created a moment ago that has no outcome yet. */
class IncidentStorePruneTest {
  private final TestCluster k8s = new TestCluster();
  private final KubernetesClient client = k8s.client;

  @AfterEach
  void stop() {
    k8s.close();
  }

  @Test
  void anIncidentWithoutOutcomeYetIsKeptAndTheOldestFinishedOnesGo() {
    incident("just-created", null);
    incident("healing", "Healing");
    incident("healed-1", "Healed");
    incident("healed-2", "NeedsHuman");

    int deleted = new IncidentStore(client).prune("ci", "backend-ci-build", Duration.ofDays(7), 1, Instant.now());

    assertThat(deleted).isEqualTo(1);
    assertThat(client.resources(PipelineIncident.class).inNamespace("ci").list().getItems())
        .extracting(i -> i.getMetadata().getName())
        .hasSize(3)
        .contains("just-created", "healing");
  }

  private void incident(String name, String outcome) {
    PipelineIncident incident = new PipelineIncident();
    incident.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ci")
        .withLabels(Map.of(Labels.PIPELINE, "backend-ci-build")).build());
    incident.setSpec(new IncidentSpec("backend-ci-build", "backend-build-healer", "Job", name));
    PipelineIncident created = client.resource(incident).create();
    IncidentStatus status = new IncidentStatus();
    status.outcome = outcome;
    created.setStatus(status);
    client.resource(created).updateStatus();
  }
}
