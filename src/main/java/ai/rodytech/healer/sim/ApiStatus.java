package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/**
 * The {@code Status} failure bodies the real API server sends, so that clients see the same codes, reasons and
 * messages (fabric8 copies the message into {@code KubernetesClientException}).
 */
final class ApiStatus {
  static final int UNPROCESSABLE = 422;

  private ApiStatus() {}

  /** A failure with the given code, reason and message; {@code name}/{@code kind} fill the details when known. */
  static MockResponse failure(int code, String reason, String message, String name, String kind) {
    return failure(code, reason, message, name, kind, List.of());
  }

  static MockResponse failure(
      int code, String reason, String message, String name, String kind, List<StatusCause> causes) {
    StatusBuilder status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .withNewMetadata()
            .endMetadata();
    if (name != null || kind != null || !causes.isEmpty()) {
      status.withNewDetails().withName(name).withKind(kind).withCauses(causes).endDetails();
    }
    return json(code, status.build());
  }

  static MockResponse notFound(String resource, String name) {
    return failure(404, "NotFound", resource + " \"" + name + "\" not found", name, resource);
  }

  static MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(body));
  }
}
