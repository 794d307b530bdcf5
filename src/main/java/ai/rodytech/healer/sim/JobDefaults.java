package ai.rodytech.healer.sim;

import ai.rodytech.healer.sim.ObjectValidation.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the API server adds to a new batch/v1 Job (the generated selector, the job-name and controller-uid
 * labels of its pod template, the usual defaults) and the check that comes with it: a Job created with a
 * selector of its own, for instance a copy of an old Job, is refused unless it sets manualSelector.
 */
final class JobDefaults {
  static final String JOB_NAME = "batch.kubernetes.io/job-name";
  static final String LEGACY_JOB_NAME = "job-name";
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  static final String LEGACY_CONTROLLER_UID = "controller-uid";

  private JobDefaults() {}

  static boolean isJob(JsonNode object) {
    return "Job".equals(object.path("kind").asText()) && "batch/v1".equals(object.path("apiVersion").asText());
  }

  /** Fills in the defaults of a Job being created (its metadata.uid already set), in place. */
  static void applyOnCreate(ObjectNode job) {
    String name = job.path("metadata").path("name").asText();
    String uid = job.path("metadata").path("uid").asText();
    ObjectNode spec = JsonBodies.object(job, "spec");
    putIfAbsent(spec, "backoffLimit", 6);
    putIfAbsent(spec, "completions", 1);
    putIfAbsent(spec, "parallelism", 1);
    putIfAbsent(spec, "completionMode", "NonIndexed");
    putIfAbsent(spec, "suspend", false);
    putIfAbsent(spec, "podReplacementPolicy", "TerminatingOrFailed");
    ObjectNode template = JsonBodies.object(spec, "template");
    if (!spec.path("manualSelector").asBoolean(false)) {
      ObjectNode labels = JsonBodies.object(JsonBodies.object(template, "metadata"), "labels");
      putIfAbsent(labels, LEGACY_JOB_NAME, name);
      putIfAbsent(labels, JOB_NAME, name);
      putIfAbsent(labels, LEGACY_CONTROLLER_UID, uid);
      putIfAbsent(labels, CONTROLLER_UID, uid);
      putIfAbsent(JsonBodies.object(JsonBodies.object(spec, "selector"), "matchLabels"), CONTROLLER_UID, uid);
    }
    ObjectNode podSpec = JsonBodies.object(template, "spec");
    putIfAbsent(podSpec, "dnsPolicy", "ClusterFirst");
    putIfAbsent(podSpec, "schedulerName", "default-scheduler");
    putIfAbsent(podSpec, "terminationGracePeriodSeconds", 30);
    if (!podSpec.has("securityContext")) {
      podSpec.putObject("securityContext");
    }
    defaultContainers(podSpec.path("initContainers"));
    defaultContainers(podSpec.path("containers"));
  }

  /** The generated-selector errors of a Job just defaulted by {@link #applyOnCreate}. */
  static List<FieldError> selectorErrors(JsonNode job) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode spec = job.path("spec");
    if (spec.path("manualSelector").asBoolean(false)) {
      return errors;
    }
    String uid = job.path("metadata").path("uid").asText();
    JsonNode selector = spec.path("selector");
    boolean generated =
        selector.path("matchExpressions").isEmpty()
            && selector.path("matchLabels").size() == 1
            && uid.equals(selector.path("matchLabels").path(CONTROLLER_UID).asText());
    if (!generated) {
      errors.add(FieldError.invalid("spec.selector", selector.toString(), "`selector` not auto-generated"));
    }
    JsonNode labels = spec.path("template").path("metadata").path("labels");
    for (Map.Entry<String, JsonNode> wanted : selector.path("matchLabels").properties()) {
      if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
        errors.add(
            FieldError.invalid(
                "spec.template.metadata.labels", labels.toString(), "`selector` does not match template `labels`"));
        break;
      }
    }
    return errors;
  }

  private static void defaultContainers(JsonNode containers) {
    if (!(containers instanceof ArrayNode list)) {
      return;
    }
    for (JsonNode node : list) {
      if (node instanceof ObjectNode container) {
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        putIfAbsent(container, "imagePullPolicy", pullPolicy(container.path("image").asText("")));
        if (!container.has("resources")) {
          container.putObject("resources");
        }
      }
    }
  }

  /** Always for :latest or an untagged image, else IfNotPresent, as the API server defaults it. */
  static String pullPolicy(String image) {
    if (image.contains("@")) {
      return "IfNotPresent";
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    boolean tagged = colon > slash;
    return !tagged || image.endsWith(":latest") ? "Always" : "IfNotPresent";
  }


  private static void putIfAbsent(ObjectNode node, String field, Object value) {
    if (node.hasNonNull(field)) {
      return;
    }
    if (value instanceof Integer i) {
      node.put(field, i);
    } else if (value instanceof Boolean b) {
      node.put(field, b);
    } else {
      node.put(field, (String) value);
    }
  }
}
