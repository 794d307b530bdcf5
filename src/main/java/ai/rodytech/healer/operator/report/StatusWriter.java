package ai.rodytech.healer.operator.report;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Read-modify-write of a custom resource's status with optimistic locking: reads the latest copy, applies
 * the edit, writes only when the status changed, and starts over when another writer got there first (409).
 * Every status the healer writes goes through here, so counts are never lost or counted twice.
 */
public final class StatusWriter<R extends CustomResource<?, S>, S> {
  private static final int ATTEMPTS = 12;
  private final KubernetesClient client;
  private final Class<R> type;
  private final Supplier<S> emptyStatus;

  public StatusWriter(KubernetesClient client, Class<R> type, Supplier<S> emptyStatus) {
    this.client = client;
    this.type = type;
    this.emptyStatus = emptyStatus;
  }

  /** Applies the edit to the latest status; returns the resource as written, or empty if it is gone. */
  public Optional<R> edit(String namespace, String name, Consumer<R> edit) {
    for (int attempt = 1; ; attempt++) {
      R latest = client.resources(type).inNamespace(namespace).withName(name).get();
      if (latest == null) {
        return Optional.empty();
      }
      if (latest.getStatus() == null) {
        latest.setStatus(emptyStatus.get());
      }
      String before = Serialization.asJson(latest.getStatus());
      edit.accept(latest);
      if (Objects.equals(before, Serialization.asJson(latest.getStatus()))) {
        return Optional.of(latest);
      }
      try {
        return Optional.of(client.resources(type).inNamespace(namespace).resource(latest).updateStatus());
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return Optional.empty();
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
