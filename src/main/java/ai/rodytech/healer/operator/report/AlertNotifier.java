package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.operator.incident.IncidentJournal;
import ai.rodytech.healer.alert.Alert;
import ai.rodytech.healer.alert.AlertDispatcher;
import ai.rodytech.healer.alert.DispatchResult;
import ai.rodytech.healer.alert.Severity;
import ai.rodytech.healer.api.AlertSettings;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a policy's alert channels (Slack, PagerDuty, webhook) through the {@link AlertDispatcher}, with
 * addresses read from the one Secret the policy names. Sends are asynchronous: a broken channel never blocks
 * healing. What was delivered is recorded on the incident, so one incident never pages twice, and a healed
 * incident resolves its PagerDuty page.
 */
public final class AlertNotifier implements HumanNotifier {
  private final KubernetesClient client;
  private final AlertDispatcher dispatcher;
  private final IncidentJournal incidents;
  private final EventRecorder events;

  public AlertNotifier(
      KubernetesClient client, AlertDispatcher dispatcher, IncidentJournal incidents, EventRecorder events) {
    this.client = client;
    this.dispatcher = dispatcher;
    this.incidents = incidents;
    this.events = events;
  }

  @Override
  public void needsHuman(PipelineRecoveryPolicy policy, PipelineIncident incident, String why) {
    send(policy, incident, alert(incident, why, false));
  }

  @Override
  public void healed(PipelineRecoveryPolicy policy, PipelineIncident incident) {
    List<String> delivered = Optional.ofNullable(incident.getStatus()).map(s -> s.alertedChannels).orElse(List.of());
    if (delivered.isEmpty()) {
      return;
    }
    send(policy, incident, alert(incident, "healed", true));
  }

  /** Returns the dispatch, for tests; the operator does not wait for it. */
  CompletableFuture<DispatchResult> send(PipelineRecoveryPolicy policy, PipelineIncident incident, Alert alert) {
    AlertSettings settings = policy.getSpec().getAlerts();
    if (settings == null || settings.getChannels() == null || settings.getChannels().isEmpty()) {
      return CompletableFuture.completedFuture(new DispatchResult(List.of(), List.of(), List.of()));
    }
    Map<String, String> secretData;
    try {
      secretData = secretData(policy.getMetadata().getNamespace(), settings.getSecretName());
    } catch (KubernetesClientException | IllegalStateException e) {
      String message = "Alert channels not notified: Secret " + settings.getSecretName() + ": " + e.getMessage();
      events.record(incident, EventReason.AlertFailed, message);
      record(incident, List.of(), List.of(message));
      return CompletableFuture.completedFuture(new DispatchResult(List.of(), List.of(), List.of()));
    }
    Optional<PipelineIncident> fresh = incidents.find(incident.getMetadata().getNamespace(), incident.getMetadata().getName());
    List<String> already = fresh.map(PipelineIncident::getStatus).map(s -> s.alertedChannels).orElse(List.of());
    return dispatcher.send(alert, settings.getChannels(), secretData, new HashSet<>(already))
        .whenComplete((result, error) -> {
          if (result == null) {
            return;
          }
          List<String> failures = result.failures().stream()
              .map(f -> f.channel() + ": " + f.reason() + " after " + f.attempts() + " attempt(s)").toList();
          record(incident, result.delivered(), failures);
          if (!failures.isEmpty()) {
            events.record(incident, EventReason.AlertFailed, String.join("; ", failures));
          }
        });
  }

  private void record(PipelineIncident incident, List<String> delivered, List<String> failures) {
    incidents.alerted(incident, delivered, failures);
  }

  private Map<String, String> secretData(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new IllegalStateException("not found in namespace " + namespace);
    }
    Map<String, String> data = new LinkedHashMap<>();
    Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((k, v) ->
        data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8).trim()));
    Optional.ofNullable(secret.getStringData()).orElse(Map.of()).forEach((k, v) -> data.put(k, v.trim()));
    return data;
  }

  private static Alert alert(PipelineIncident incident, String why, boolean resolved) {
    IncidentStatus st = Optional.ofNullable(incident.getStatus()).orElseGet(IncidentStatus::new);
    String namespace = incident.getMetadata().getNamespace();
    String run = st.snapshot != null && st.snapshot.run != null ? st.snapshot.run : incident.getSpec().getRootRun();
    List<String> evidence = st.diagnosis == null ? List.of()
        : st.diagnosis.evidence.stream().map(e -> (e.line != null && e.line > 0 ? "L" + e.line + ": " : "") + e.text)
            .toList();
    Alert alert = new Alert(namespace + "/" + incident.getMetadata().getName(), namespace,
        incident.getSpec().getPipeline(), run, incident.getMetadata().getName(),
        st.diagnosis == null ? "unknown" : st.diagnosis.category,
        st.diagnosis == null ? "Run " + run + " failed." : st.diagnosis.summary,
        why, evidence, Severity.ERROR, false);
    return resolved ? alert.asResolved() : alert;
  }
}
