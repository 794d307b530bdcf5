package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The part of the API server's built-in validation that a healer's change can trip over: names and labels, pod
 * specs (containers, images, requests not above limits), a Job's restart policy and its immutable pod template.
 * Without it a dry run in the simulation would accept what a real cluster refuses.
 */
final class ObjectValidation {

  /** One field error, printed as the API server prints it. */
  record FieldError(String field, String text) {
    static FieldError required(String field, String detail) {
      return new FieldError(field, "Required value" + (detail.isEmpty() ? "" : ": " + detail));
    }

    static FieldError invalid(String field, String value, String detail) {
      return new FieldError(field, "Invalid value: \"" + value + "\": " + detail);
    }

    static FieldError unsupported(String field, String value, String supported) {
      return new FieldError(field, "Unsupported value: \"" + value + "\": supported values: " + supported);
    }

    @Override
    public String toString() {
      return field + ": " + text;
    }
  }

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final String JOB_RESTART_POLICIES = "\"OnFailure\", \"Never\"";

  private ObjectValidation() {}

  /** Errors in {@code object}; {@code previous} is the stored object on an update, else null. */
  static List<FieldError> validate(JsonNode object, JsonNode previous) {
    List<FieldError> errors = new ArrayList<>();
    validateMetadata(object.path("metadata"), errors);
    String kind = object.path("kind").asText();
    String apiVersion = object.path("apiVersion").asText();
    if (kind.equals("Pod") && apiVersion.equals("v1")) {
      validatePodSpec(object.path("spec"), "spec", errors);
    } else if (kind.equals("Job") && apiVersion.equals("batch/v1")) {
      validateJob(object, previous, errors);
    }
    return errors;
  }

  private static void validateMetadata(JsonNode metadata, List<FieldError> errors) {
    String name = metadata.path("name").asText("");
    if (!name.isEmpty() && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
      errors.add(
          FieldError.invalid(
              "metadata.name",
              name,
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                  + " and must start and end with an alphanumeric character"));
    }
    validateLabels(metadata.path("labels"), "metadata.labels", errors);
  }

  private static void validateLabels(JsonNode labels, String field, List<FieldError> errors) {
    for (Map.Entry<String, JsonNode> label : labels.properties()) {
      String value = label.getValue().asText("");
      if (value.length() > 63) {
        errors.add(FieldError.invalid(field, value, "must be no more than 63 characters"));
      } else if (!LABEL_VALUE.matcher(value).matches()) {
        errors.add(
            FieldError.invalid(
                field,
                value,
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.',"
                    + " and must start and end with an alphanumeric character"));
      }
    }
  }

  private static void validateJob(JsonNode job, JsonNode previous, List<FieldError> errors) {
    String name = job.path("metadata").path("name").asText("");
    if (name.length() > 63) {
      // The Job's name becomes the job-name label of its pods, and label values stop at 63 characters.
      errors.add(FieldError.invalid("spec.template.labels", name, "must be no more than 63 characters"));
    }
    JsonNode template = job.path("spec").path("template");
    validateLabels(template.path("metadata").path("labels"), "spec.template.metadata.labels", errors);
    validatePodSpec(template.path("spec"), "spec.template.spec", errors);
    String restartPolicy = template.path("spec").path("restartPolicy").asText("");
    if (restartPolicy.isEmpty()) {
      errors.add(FieldError.required("spec.template.spec.restartPolicy", "valid values: " + JOB_RESTART_POLICIES));
    } else if (!restartPolicy.equals("OnFailure") && !restartPolicy.equals("Never")) {
      errors.add(
          FieldError.unsupported("spec.template.spec.restartPolicy", restartPolicy, JOB_RESTART_POLICIES));
    }
    if (previous != null && !previous.path("spec").path("template").equals(template)) {
      errors.add(new FieldError("spec.template", "Invalid value: (the new template): field is immutable"));
    }
  }

  private static void validatePodSpec(JsonNode spec, String field, List<FieldError> errors) {
    JsonNode containers = spec.path("containers");
    if (!containers.isArray() || containers.isEmpty()) {
      errors.add(FieldError.required(field + ".containers", ""));
      return;
    }
    Set<String> names = new HashSet<>();
    validateContainers(spec.path("initContainers"), field + ".initContainers", names, errors);
    validateContainers(containers, field + ".containers", names, errors);
  }

  private static void validateContainers(
      JsonNode containers, String field, Set<String> names, List<FieldError> errors) {
    for (int i = 0; i < containers.size(); i++) {
      JsonNode container = containers.get(i);
      String at = field + "[" + i + "]";
      String name = container.path("name").asText("");
      if (name.isEmpty()) {
        errors.add(FieldError.required(at + ".name", ""));
      } else if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
        errors.add(FieldError.invalid(at + ".name", name, "a lowercase RFC 1123 label must consist of lower case"
            + " alphanumeric characters or '-', and must start and end with an alphanumeric character"));
      } else if (!names.add(name)) {
        errors.add(new FieldError(at + ".name", "Duplicate value: \"" + name + "\""));
      }
      if (container.path("image").asText("").isBlank()) {
        errors.add(FieldError.required(at + ".image", ""));
      }
      validateResources(container.path("resources"), at + ".resources", errors);
    }
  }

  private static void validateResources(JsonNode resources, String field, List<FieldError> errors) {
    JsonNode limits = resources.path("limits");
    JsonNode requests = resources.path("requests");
    for (Map.Entry<String, JsonNode> request : requests.properties()) {
      BigDecimal requested = amount(request.getValue().asText(), field + ".requests", errors);
      JsonNode limit = limits.get(request.getKey());
      if (requested == null || limit == null) {
        continue;
      }
      BigDecimal limited = amount(limit.asText(), field + ".limits", errors);
      if (limited != null && requested.compareTo(limited) > 0) {
        errors.add(
            FieldError.invalid(
                field + ".requests",
                request.getValue().asText(),
                "must be less than or equal to " + request.getKey() + " limit of " + limit.asText()));
      }
    }
    for (Map.Entry<String, JsonNode> limit : limits.properties()) {
      if (!requests.has(limit.getKey())) {
        amount(limit.getValue().asText(), field + ".limits", errors);
      }
    }
  }

  private static BigDecimal amount(String quantity, String field, List<FieldError> errors) {
    try {
      return Quantity.getAmountInBytes(new Quantity(quantity));
    } catch (RuntimeException e) {
      errors.add(
          FieldError.invalid(
              field, quantity, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
      return null;
    }
  }
}
