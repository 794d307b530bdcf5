package ai.rodytech.healer.sim.tekton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The step containers of a TaskRun's pod, with Tekton's rules for what each step runs with: the Task's
 * {@code stepTemplate} under each step (env merged by name, resource maps merged by key, other fields the
 * step's when set), the TaskRun's {@code stepSpecs[].computeResources} replacing a named step's resources, and
 * the TaskRun's task-level {@code computeResources} last: its limits on every step, its requests (else its
 * limits) divided evenly among the steps.
 */
final class StepContainers {

  /** Container fields a step shares with a pod container; Tekton-only fields (script, onError, ...) are not. */
  private static final List<String> CONTAINER_FIELDS =
      List.of("image", "command", "args", "workingDir", "env", "envFrom", "volumeMounts", "volumeDevices",
          "securityContext", "imagePullPolicy");

  /**
   * One step of the task.
   *
   * @param name the step's name as Tekton reports it (unnamed-N for a step without a name)
   * @param continueOnError the step's {@code onError: continue}
   */
  record Step(String name, Container container, boolean continueOnError) {}

  private StepContainers() {}

  static List<Step> of(JsonNode taskSpec, JsonNode taskRunSpec, TektonParams params) {
    JsonNode template = taskSpec.path("stepTemplate").deepCopy();
    params.substituteAll(template);
    List<ObjectNode> merged = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int index = 0;
    for (JsonNode original : taskSpec.path("steps")) {
      ObjectNode step = original.deepCopy();
      params.substituteAll(step);
      ObjectNode effective = template.isObject() ? ((ObjectNode) template).deepCopy() : json().createObjectNode();
      mergeInto(effective, step);
      String name = step.path("name").asText("");
      names.add(name.isEmpty() ? "unnamed-" + index : name);
      for (JsonNode override : taskRunSpec.path("stepSpecs")) {
        if (override.path("name").asText().equals(name) && override.has("computeResources")) {
          effective.set("computeResources", override.path("computeResources").deepCopy());
        }
      }
      merged.add(effective);
      index++;
    }
    applyTaskLevel(merged, taskRunSpec.path("computeResources"));
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < merged.size(); i++) {
      ObjectNode effective = merged.get(i);
      ObjectNode container = json().createObjectNode();
      container.put("name", "step-" + names.get(i));
      CONTAINER_FIELDS.forEach(f -> {
        if (effective.has(f)) {
          container.set(f, effective.get(f));
        }
      });
      if (effective.has("computeResources")) {
        container.set("resources", effective.get("computeResources"));
      }
      steps.add(new Step(names.get(i), json().convertValue(container, Container.class),
          "continue".equals(effective.path("onError").asText())));
    }
    return steps;
  }

  /** The step's fields over the template's: env by name, computeResources' maps by key, the rest replaced. */
  private static void mergeInto(ObjectNode base, ObjectNode step) {
    Iterator<Map.Entry<String, JsonNode>> fields = step.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = base.get(field.getKey());
      if (field.getKey().equals("env") && existing instanceof ArrayNode baseEnv) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        baseEnv.forEach(e -> byName.put(e.path("name").asText(), e));
        field.getValue().forEach(e -> byName.put(e.path("name").asText(), e));
        ArrayNode env = json().createArrayNode();
        byName.values().forEach(env::add);
        base.set("env", env);
      } else if (field.getKey().equals("computeResources") && existing instanceof ObjectNode baseResources) {
        for (String kind : List.of("limits", "requests")) {
          if (field.getValue().path(kind).isObject()) {
            ObjectNode into = baseResources.path(kind).isObject() ? (ObjectNode) baseResources.get(kind)
                : baseResources.putObject(kind);
            into.setAll((ObjectNode) field.getValue().get(kind));
          }
        }
      } else {
        base.set(field.getKey(), field.getValue());
      }
    }
  }

  /** Tekton's task-level compute resources: limits on every step, requests shared evenly. */
  private static void applyTaskLevel(List<ObjectNode> steps, JsonNode taskLevel) {
    if (!taskLevel.isObject() || steps.isEmpty() || (!taskLevel.has("limits") && !taskLevel.has("requests"))) {
      return;
    }
    JsonNode shared = taskLevel.has("requests") ? taskLevel.get("requests") : taskLevel.get("limits");
    ObjectNode average = json().createObjectNode();
    shared.fields().forEachRemaining(e -> average.put(e.getKey(), divide(e.getKey(), e.getValue().asText(), steps.size())));
    for (ObjectNode step : steps) {
      ObjectNode resources = step.putObject("computeResources");
      resources.set("requests", average.deepCopy());
      if (taskLevel.has("limits")) {
        resources.set("limits", taskLevel.get("limits").deepCopy());
      }
    }
  }

  /** A quantity divided by {@code n}: CPU in millicores, the rest in bytes with the largest exact binary unit. */
  static String divide(String resource, String quantity, int n) {
    BigDecimal amount = Quantity.getAmountInBytes(new Quantity(quantity));
    if (resource.equals("cpu")) {
      return amount.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(n), 0, RoundingMode.DOWN) + "m";
    }
    long bytes = amount.divide(BigDecimal.valueOf(n), 0, RoundingMode.DOWN).longValueExact();
    String[] units = {"Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (bytes >= unit && bytes % unit == 0) {
        return (bytes / unit) + units[i];
      }
    }
    return Long.toString(bytes);
  }

  private static com.fasterxml.jackson.databind.ObjectMapper json() {
    return Serialization.jsonMapper();
  }
}
