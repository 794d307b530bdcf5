package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.IncidentSpec;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** `healer approve|reject` annotate an incident that waits for a person, and refuse any other. */
class IncidentDecisionTest {

  @Test
  void approvingAnIncidentWaitingForApprovalAnnotatesItAndAnyOtherIsRefused() {
    try (InProcessCluster cluster = InProcessCluster.start(); KubernetesClient client = cluster.newClient()) {
      incident(client, "waiting", true);
      incident(client, "done", false);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();

      int ok = IncidentDecision.annotate(cluster::newClient, "ci", "waiting", PipelineIncident.APPROVE_ANNOTATION,
          new PrintWriter(out, true), new PrintWriter(err, true));
      int notWaiting = IncidentDecision.annotate(cluster::newClient, "ci", "done",
          PipelineIncident.REJECT_ANNOTATION, new PrintWriter(out, true), new PrintWriter(err, true));
      int missing = IncidentDecision.annotate(cluster::newClient, "ci", "nope", PipelineIncident.APPROVE_ANNOTATION,
          new PrintWriter(out, true), new PrintWriter(err, true));

      assertThat(ok).isZero();
      assertThat(client.resources(PipelineIncident.class).inNamespace("ci").withName("waiting").get()
          .getMetadata().getAnnotations()).containsEntry(PipelineIncident.APPROVE_ANNOTATION, "true");
      assertThat(notWaiting).isEqualTo(1);
      assertThat(client.resources(PipelineIncident.class).inNamespace("ci").withName("done").get()
          .getMetadata().getAnnotations()).doesNotContainKey(PipelineIncident.REJECT_ANNOTATION);
      assertThat(missing).isEqualTo(1);
      assertThat(err.toString()).contains("ci/done is not waiting for approval").contains("ci/nope not found");
    }
  }

  private static void incident(KubernetesClient client, String name, boolean waiting) {
    PipelineIncident incident = new PipelineIncident();
    incident.getMetadata().setName(name);
    incident.getMetadata().setNamespace("ci");
    incident.setSpec(new IncidentSpec("backend-ci-build", "backend-build-healer", "policy-uid", "Job", name, "run-uid"));
    PipelineIncident created = client.resource(incident).create();
    created.setStatus(new IncidentStatus());
    created.getStatus().outcome = waiting ? "PendingApproval" : "Healed";
    if (waiting) {
      created.getStatus().pending = new IncidentStatus.PendingAction();
      created.getStatus().pending.awaitingApproval = true;
      created.getStatus().pending.run = name + "-heal-1";
    }
    client.resource(created).updateStatus();
  }
}
