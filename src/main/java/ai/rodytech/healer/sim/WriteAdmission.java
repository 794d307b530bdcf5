package ai.rodytech.healer.sim;

import ai.rodytech.healer.sim.AdmissionRequest.Operation;
import ai.rodytech.healer.sim.ObjectValidation.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What the API server does to a create or update before storing it, in its order: defaulting, built-in
 * validation, then the validating admission webhook (the test's {@link AdmissionPolicy}).
 */
final class WriteAdmission {
  static final String WEBHOOK = "simulated-admission.rodytech.ai";

  private volatile AdmissionPolicy policy = AdmissionPolicy.admitAll();

  void setPolicy(AdmissionPolicy policy) {
    this.policy = policy == null ? AdmissionPolicy.admitAll() : policy;
  }

  /**
   * The object to store (with the server's defaults when it adds any).
   *
   * @param subresource "status" for a status write (not validated, as only the status changes), else ""
   * @param previousState the stored object on an update, else null
   * @throws ApiRejection with the API server's answer when the write is refused
   */
  String admit(Operation operation, boolean dryRun, String subresource, String newState, String previousState) {
    JsonNode object = JsonBodies.tree(newState);
    boolean defaulted = operation == Operation.CREATE && JobDefaults.isJob(object);
    if (defaulted) {
      JobDefaults.applyOnCreate((ObjectNode) object);
      newState = Serialization.asJson(object);
    }
    if (subresource.isEmpty()) {
      JsonNode previous = previousState == null ? null : JsonBodies.tree(previousState);
      List<FieldError> errors = new ArrayList<>(ObjectValidation.validate(object, previous));
      if (defaulted) {
        errors.addAll(JobDefaults.selectorErrors(object));
      }
      if (!errors.isEmpty()) {
        throw new ApiRejection(invalid(object, errors));
      }
    }
    JsonNode metadata = object.path("metadata");
    String kind = object.path("kind").asText();
    String name = metadata.path("name").asText();
    AdmissionRequest request =
        new AdmissionRequest(operation, dryRun, subresource, object.path("apiVersion").asText(), kind,
            metadata.path("namespace").asText(""), name, newState);
    policy.review(request).ifPresent(message -> {
      throw new ApiRejection(
          ApiStatus.failure(ApiStatus.UNPROCESSABLE, "Invalid",
              "admission webhook \"" + WEBHOOK + "\" denied the request: " + message, name, kind));
    });
    return newState;
  }

  /** 422 Invalid naming every field error, worded as the API server words it. */
  private static MockResponse invalid(JsonNode object, List<FieldError> errors) {
    String apiVersion = object.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String kind = object.path("kind").asText();
    String name = object.path("metadata").path("name").asText();
    String listed = errors.size() == 1 ? errors.get(0).toString() : errors.toString();
    List<StatusCause> causes =
        errors.stream()
            .map(e -> new StatusCauseBuilder()
                .withField(e.field())
                .withMessage(e.text())
                .withReason(e.text().startsWith("Required") ? "FieldValueRequired" : "FieldValueInvalid")
                .build())
            .toList();
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    return ApiStatus.failure(ApiStatus.UNPROCESSABLE, "Invalid", qualified + " \"" + name + "\" is invalid: " + listed,
        name, kind, causes);
  }
}
