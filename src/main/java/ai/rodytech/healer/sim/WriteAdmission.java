package ai.rodytech.healer.sim;

import ai.rodytech.healer.sim.AdmissionRequest.Operation;
import ai.rodytech.healer.sim.ObjectValidation.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What the API server does to a create or update before storing it, in its order: defaulting (Jobs, pods) and
 * the mutating LimitRanger, built-in validation, the validating LimitRanger, the validating admission webhook (the
 * test's {@link AdmissionPolicy}), then ResourceQuota. An update keeps the object's deletion marks.
 */
final class WriteAdmission {
  static final String WEBHOOK = "simulated-admission.rodytech.ai";

  private final StoredObjects stored;
  private final ManagedFields managedFields = new ManagedFields(Clock.systemUTC());
  private volatile AdmissionPolicy policy = AdmissionPolicy.admitAll();

  WriteAdmission(StoredObjects stored) {
    this.stored = stored;
  }

  void setPolicy(AdmissionPolicy policy) {
    this.policy = policy == null ? AdmissionPolicy.admitAll() : policy;
  }

  /** The object to store, as text and as the tree it was written from (the tree is not to be changed). */
  record Admitted(String json, JsonNode object) {}

  /**
   * The object to store (with the server's defaults when it adds any).
   *
   * @param subresource "status" for a status write (not validated, as only the status changes), else ""
   * @param manager the writer's field manager, recorded in the object's managedFields
   * @param previousState the stored object on an update, else null
   * @throws ApiRejection with the API server's answer when the write is refused
   */
  Admitted admit(Operation operation, boolean dryRun, String subresource, String manager, String newState,
      String previousState) {
    return admit(operation, dryRun, subresource, manager, JsonBodies.tree(newState),
        previousState == null ? null : JsonBodies.tree(previousState), newState);
  }

  /**
   * As {@link #admit(Operation, boolean, String, String, String, String)}, for a writer that holds the objects as
   * trees already: {@code object} is changed in place (defaults, managed fields), {@code previous} is only read.
   */
  Admitted admit(Operation operation, boolean dryRun, String subresource, String manager, JsonNode object,
      JsonNode previous) {
    return admit(operation, dryRun, subresource, manager, object, previous, null);
  }

  private Admitted admit(Operation operation, boolean dryRun, String subresource, String manager, JsonNode object,
      JsonNode previous, String newState) {
    boolean job = operation == Operation.CREATE && JobDefaults.isJob(object);
    boolean pod = operation == Operation.CREATE && subresource.isEmpty() && isPod(object);
    String namespace = object.path("metadata").path("namespace").asText("");
    if (job) {
      JobDefaults.applyOnCreate((ObjectNode) object);
    }
    if (pod) {
      PodAdmission.mutate((ObjectNode) object, objects("limitranges", namespace));
    }
    if (previous != null) {
      keepDeletionMarks((ObjectNode) object, previous);
    }
    if (subresource.isEmpty()) {
      List<FieldError> errors = new ArrayList<>(ObjectValidation.validate(object, previous));
      if (job) {
        errors.addAll(JobDefaults.selectorErrors(object));
      }
      if (!errors.isEmpty()) {
        throw new ApiRejection(invalid(object, errors));
      }
    }
    if (pod) {
      List<String> violations = PodAdmission.limitRangeViolations(object, objects("limitranges", namespace));
      if (!violations.isEmpty()) {
        throw new ApiRejection(forbidden(object,
            violations.size() == 1 ? violations.get(0) : "[" + String.join(", ", violations) + "]"));
      }
    }
    if (object instanceof ObjectNode written) {
      // Written once, with the defaults, the kept deletion marks and the managed fields.
      managedFields.record(written, previous, manager, subresource);
      newState = Serialization.asJson(object);
    } else if (newState == null) {
      newState = Serialization.asJson(object);
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
    List<JsonNode> quotas = pod ? objects("resourcequotas", namespace) : List.of();
    if (!quotas.isEmpty()) {
      PodAdmission.quotaViolation(object, quotas, objects("pods", namespace)).ifPresent(message -> {
        throw new ApiRejection(forbidden(object, message));
      });
    }
    return new Admitted(newState, object);
  }

  /** deletionTimestamp and deletionGracePeriodSeconds are the server's: an update can neither set nor clear them. */
  private static void keepDeletionMarks(ObjectNode object, JsonNode previous) {
    ObjectNode metadata = JsonBodies.object(object, "metadata");
    for (String field : List.of("deletionTimestamp", "deletionGracePeriodSeconds")) {
      JsonNode kept = previous.path("metadata").get(field);
      if (kept == null) {
        metadata.remove(field);
      } else {
        metadata.set(field, kept);
      }
    }
  }

  private List<JsonNode> objects(String plural, String namespace) {
    List<JsonNode> found = new ArrayList<>();
    stored.inNamespace("/api/v1", plural, namespace).forEach(json -> found.add(JsonBodies.tree(json)));
    return found;
  }

  private static boolean isPod(JsonNode object) {
    return "Pod".equals(object.path("kind").asText()) && "v1".equals(object.path("apiVersion").asText());
  }

  /** 403 Forbidden from an admission plugin: {@code pods "name" is forbidden: <why>}. */
  private static MockResponse forbidden(JsonNode pod, String why) {
    String name = pod.path("metadata").path("name").asText();
    return ApiStatus.failure(403, "Forbidden", "pods \"" + name + "\" is forbidden: " + why, name, "pods");
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
