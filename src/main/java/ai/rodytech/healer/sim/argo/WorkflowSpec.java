package ai.rodytech.healer.sim.argo;

import ai.rodytech.healer.sim.engine.EngineApi;
import ai.rodytech.healer.sim.engine.JsonStrings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Workflow's effective spec as the controller executes it: the WorkflowTemplate's spec under the Workflow's
 * own fields when it has a {@code workflowTemplateRef}, its templates by name, and Argo's {@code {{...}}}
 * substitution of workflow and input parameters.
 */
final class WorkflowSpec {
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*\\}\\}");

  /** Why a Workflow cannot run: Argo ends it in phase Error with this message. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  final ObjectNode spec;
  final String templateRef;
  final Map<String, JsonNode> templates = new LinkedHashMap<>();
  final Map<String, String> globals = new LinkedHashMap<>();

  private WorkflowSpec(ObjectNode spec, String templateRef) {
    this.spec = spec;
    this.templateRef = templateRef;
    spec.path("templates").forEach(t -> templates.put(t.path("name").asText(), t));
  }

  static WorkflowSpec resolve(EngineApi api, JsonNode workflow) throws Invalid {
    String ns = workflow.path("metadata").path("namespace").asText();
    JsonNode own = workflow.path("spec");
    String ref = own.path("workflowTemplateRef").path("name").asText("");
    ObjectNode spec;
    if (ref.isEmpty()) {
      spec = own.deepCopy();
    } else {
      JsonNode template = api.get("/apis/argoproj.io/v1alpha1/namespaces/" + ns + "/workflowtemplates/" + ref);
      if (template == null) {
        throw new Invalid("workflowtemplates.argoproj.io \"" + ref + "\" not found");
      }
      spec = template.path("spec").deepCopy();
      mergeWorkflowFields(spec, own);
    }
    WorkflowSpec resolved = new WorkflowSpec(spec, ref.isEmpty() ? null : ref);
    String entrypoint = spec.path("entrypoint").asText("");
    if (!resolved.templates.containsKey(entrypoint)) {
      throw new Invalid("invalid spec: template name '" + entrypoint + "' undefined");
    }
    resolved.globals.put("workflow.name", workflow.path("metadata").path("name").asText());
    resolved.globals.put("workflow.namespace", ns);
    for (JsonNode p : spec.path("arguments").path("parameters")) {
      resolved.globals.put("workflow.parameters." + p.path("name").asText(), p.path("value").asText());
    }
    return resolved;
  }

  String entrypoint() {
    return spec.path("entrypoint").asText();
  }

  /** A template by name, or Invalid as Argo's validation words it. */
  JsonNode template(String name) throws Invalid {
    JsonNode template = templates.get(name);
    if (template == null) {
      throw new Invalid("invalid spec: template name '" + name + "' undefined");
    }
    return template;
  }

  /** A copy of the template with {{workflow.*}} and {{inputs.parameters.*}} substituted. */
  ObjectNode instantiate(JsonNode template, JsonNode arguments) {
    Map<String, String> values = new LinkedHashMap<>(globals);
    for (JsonNode p : template.path("inputs").path("parameters")) {
      if (p.has("value") || p.has("default")) {
        values.put("inputs.parameters." + p.path("name").asText(), p.has("value") ? p.path("value").asText()
            : p.path("default").asText());
      }
    }
    for (JsonNode p : arguments.path("parameters")) {
      values.put("inputs.parameters." + p.path("name").asText(), substitute(p.path("value").asText(), globals));
    }
    ObjectNode copy = template.deepCopy();
    JsonStrings.rewriteAll(copy, text -> substitute(text, values));
    return copy;
  }

  /** The Workflow's own fields over the template's: arguments merged by name, anything else replaced. */
  private static void mergeWorkflowFields(ObjectNode spec, JsonNode own) {
    Iterator<Map.Entry<String, JsonNode>> fields = own.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("workflowTemplateRef")) {
        continue;
      }
      if (field.getKey().equals("arguments") && spec.path("arguments").path("parameters").isArray()) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        spec.path("arguments").path("parameters").forEach(p -> byName.put(p.path("name").asText(), p));
        field.getValue().path("parameters").forEach(p -> byName.put(p.path("name").asText(), p));
        ArrayNode merged = Serialization.jsonMapper().createArrayNode();
        byName.values().forEach(merged::add);
        spec.withObject("/arguments").set("parameters", merged);
      } else {
        spec.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  static String substitute(String text, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
