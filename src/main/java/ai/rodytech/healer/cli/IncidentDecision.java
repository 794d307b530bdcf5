package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.PipelineIncident;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.util.function.Supplier;

/** Approves or rejects a PipelineIncident by annotating it, as `kubectl annotate` would. */
final class IncidentDecision {
  private IncidentDecision() {}

  static int annotate(
      Supplier<KubernetesClient> clients, String namespace, String name, String annotation, PrintWriter out,
      PrintWriter err) {
    try (KubernetesClient client = clients.get()) {
      String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
      PipelineIncident incident = client.resources(PipelineIncident.class).inNamespace(ns).withName(name).get();
      if (incident == null) {
        err.printf("pipelineincident %s/%s not found%n", ns, name);
        return 1;
      }
      if (incident.getStatus() == null || incident.getStatus().pending == null
          || !Boolean.TRUE.equals(incident.getStatus().pending.awaitingApproval)) {
        err.printf("pipelineincident %s/%s is not waiting for approval (outcome: %s)%n", ns, name,
            incident.getStatus() == null ? "none" : incident.getStatus().outcome);
        return 1;
      }
      // A merge patch of the annotation alone, as `kubectl annotate` sends it: it cannot conflict with the
      // operator's concurrent status writes.
      client.resources(PipelineIncident.class).inNamespace(ns).withName(name).patch(
          PatchContext.of(PatchType.JSON_MERGE),
          "{\"metadata\":{\"annotations\":{\"" + annotation + "\":\"true\"}}}");
      out.printf("pipelineincident %s/%s annotated %s=true%n", ns, name, annotation);
      return 0;
    } catch (KubernetesClientException e) {
      err.println("could not reach the cluster: " + e.getMessage());
      return 1;
    }
  }

  static Supplier<KubernetesClient> defaultClients() {
    return () -> new KubernetesClientBuilder().build();
  }
}
