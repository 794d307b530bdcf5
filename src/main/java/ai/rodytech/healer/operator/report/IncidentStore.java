package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.api.IncidentSpec;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.operator.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** Creates, reads, edits and prunes PipelineIncident records. */
public final class IncidentStore {
  private static final List<String> FINAL_OUTCOMES = List.of("Healed", "Failed", "NeedsHuman", "Shadowed", "Rejected");
  private final KubernetesClient client;
  private final StatusWriter<PipelineIncident, IncidentStatus> writer;

  public IncidentStore(KubernetesClient client) {
    this.client = client;
    this.writer = new StatusWriter<>(client, PipelineIncident.class, IncidentStatus::new);
  }

  public Optional<PipelineIncident> get(String namespace, String name) {
    return Optional.ofNullable(client.resources(PipelineIncident.class).inNamespace(namespace).withName(name).get());
  }

  /**
   * The latest copy of an incident that a watch event just delivered as {@code seen}: the copy this operator's
   * last write returned when that write is the one the event is about (same resourceVersion), else a fresh read.
   * The event can arrive before the writing thread has the server's answer, so an older remembered copy is never
   * taken for the latest.
   */
  public Optional<PipelineIncident> latest(PipelineIncident seen) {
    String ns = seen.getMetadata().getNamespace();
    String name = seen.getMetadata().getName();
    Optional<PipelineIncident> written = writer.lastWritten(ns, name)
        .filter(w -> Objects.equals(w.getMetadata().getResourceVersion(), seen.getMetadata().getResourceVersion()));
    return written.isPresent() ? written : get(ns, name);
  }

  /**
   * The incident of a lineage, created (owned by the policy, so it goes when the policy goes) if absent. Creates
   * first and reads only when it exists already: one API call for a new incident.
   */
  public PipelineIncident getOrCreate(PipelineRecoveryPolicy policy, String name, IncidentSpec spec) {
    String ns = policy.getMetadata().getNamespace();
    PipelineIncident incident = new PipelineIncident();
    incident.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ns)
            .withLabels(Map.of(Labels.PIPELINE, spec.getPipeline(), Labels.MANAGED_BY, Labels.MANAGER))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(policy.getApiVersion())
                    .withKind(policy.getKind())
                    .withName(policy.getMetadata().getName())
                    .withUid(policy.getMetadata().getUid())
                    .build())
            .build());
    incident.setSpec(spec);
    try {
      PipelineIncident created = client.resources(PipelineIncident.class).inNamespace(ns).resource(incident).create();
      writer.remember(created);
      return created;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return get(ns, name).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  public Optional<PipelineIncident> edit(PipelineIncident incident, Consumer<IncidentStatus> change) {
    return writer.edit(
        incident.getMetadata().getNamespace(), incident.getMetadata().getName(), i -> change.accept(i.getStatus()));
  }

  /**
   * Deletes finished incidents of a pipeline that are older than maxAge, and the oldest finished ones beyond
   * maxCount. Incidents still healing or waiting for approval are kept whatever their age.
   */
  public int prune(String namespace, String pipeline, Duration maxAge, int maxCount, Instant now) {
    List<PipelineIncident> finished =
        client.resources(PipelineIncident.class).inNamespace(namespace).withLabel(Labels.PIPELINE, pipeline).list()
            .getItems().stream()
            // An incident just created has a status but no outcome yet (List.contains(null) throws).
            .filter(i -> i.getStatus() != null && i.getStatus().outcome != null
                && FINAL_OUTCOMES.contains(i.getStatus().outcome))
            .sorted(Comparator.comparing(IncidentStore::created).reversed())
            .toList();
    int deleted = 0;
    for (int i = 0; i < finished.size(); i++) {
      PipelineIncident incident = finished.get(i);
      boolean tooOld = created(incident).isBefore(now.minus(maxAge));
      if (i >= maxCount || tooOld) {
        client.resources(PipelineIncident.class).inNamespace(namespace).resource(incident).delete();
        deleted++;
      }
    }
    return deleted;
  }

  private static Instant created(PipelineIncident incident) {
    String ts = incident.getMetadata().getCreationTimestamp();
    return ts == null ? Instant.EPOCH : OffsetDateTime.parse(ts).toInstant();
  }
}
