package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * GET /api/v1/namespaces/{ns}/pods/{name}/log, answered from a {@link PodLogStore} with the kubelet's rules for
 * {@code container}, {@code previous}, {@code tailLines} and {@code limitBytes}, and its errors for unknown pods
 * and containers.
 */
final class PodLogEndpoint {

  private final PodLogStore store;
  private final Function<String, MockResponse> get;

  /** {@code get} reads an object by its API path (the cluster's own GET). */
  PodLogEndpoint(PodLogStore store, Function<String, MockResponse> get) {
    this.store = store;
    this.get = get;
  }

  MockResponse serve(String namespace, String podName, Map<String, String> query) {
    MockResponse stored = get.apply("/api/v1/namespaces/" + namespace + "/pods/" + podName);
    if (stored.code() != 200) {
      return ApiStatus.notFound("pods", podName);
    }
    Pod pod = Serialization.unmarshal(stored.getBody().readUtf8(), Pod.class);
    List<String> containers = names(pod.getSpec().getContainers());
    List<String> initContainers = names(pod.getSpec().getInitContainers());
    String container = query.get("container");
    if (container == null || container.isEmpty()) {
      if (containers.size() != 1) {
        return badRequest(
            "a container name must be specified for pod " + podName + ", choose one of: " + bracketed(containers)
                + (initContainers.isEmpty() ? "" : " or one of the init containers: " + bracketed(initContainers)));
      }
      container = containers.get(0);
    } else if (!containers.contains(container) && !initContainers.contains(container)) {
      return badRequest("container " + container + " is not valid for pod " + podName);
    }
    Optional<String> log = store.get(namespace, podName, container);
    if (Boolean.parseBoolean(query.get("previous"))) {
      // Only a container that restarted in place has a previous instance.
      log = store.previous(namespace, podName, container);
      if (log.isEmpty()) {
        return badRequest(
            "previous terminated container \"" + container + "\" in pod \"" + podName + "\" not found");
      }
    }
    Optional<Long> tailLines = number(query.get("tailLines"));
    Optional<Long> limitBytes = number(query.get("limitBytes"));
    if (limitBytes.isPresent() && limitBytes.get() < 1) {
      return ApiStatus.failure(422, "Invalid", "limitBytes: Invalid value: must be greater than 0", podName, "Pod");
    }
    byte[] body = PodLogStore.select(log.orElse(""), tailLines.orElse(null), limitBytes.orElse(null));
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body);
  }

  private static List<String> names(List<Container> containers) {
    List<String> names = new ArrayList<>();
    if (containers != null) {
      containers.forEach(c -> names.add(c.getName()));
    }
    return names;
  }

  private static String bracketed(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  private static Optional<Long> number(String value) {
    try {
      return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static MockResponse badRequest(String message) {
    return ApiStatus.failure(400, "BadRequest", message, null, null);
  }
}
