package ai.rodytech.healer.sim.tekton;

import ai.rodytech.healer.sim.engine.JsonStrings;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tekton's variable substitution for string parameters and a few context variables: {@code $(params.name)},
 * {@code $(params['name'])}, {@code $(params["name"])}, {@code $(context.pipelineRun.name)} and the like.
 * References it does not know (results, workspaces, array parameters) are left as written.
 */
final class TektonParams {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\((params\\.([A-Za-z0-9_.-]+)|params\\[['\"]([^'\"]+)['\"]\\]|(context\\.[A-Za-z]+\\.[A-Za-z]+))\\)");

  private final Map<String, String> params;
  private final Map<String, String> context;

  private TektonParams(Map<String, String> params, Map<String, String> context) {
    this.params = params;
    this.context = context;
  }

  /** The string values of a params list ({@code [{name, value}]}); array and object values are left out. */
  static Map<String, String> values(JsonNode list) {
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode p : list) {
      if (p.path("value").isTextual()) {
        values.put(p.path("name").asText(), p.path("value").asText());
      }
    }
    return values;
  }

  /** Substitution inside a pipeline's tasks: the pipeline's parameters and the PipelineRun's context. */
  static TektonParams forPipelineRun(Map<String, String> params, JsonNode run) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("context.pipelineRun.name", run.path("metadata").path("name").asText());
    context.put("context.pipelineRun.namespace", run.path("metadata").path("namespace").asText());
    context.put("context.pipelineRun.uid", run.path("metadata").path("uid").asText());
    return new TektonParams(params, context);
  }

  /** Substitution inside a Task's steps: the task's parameters and the TaskRun's context. */
  static TektonParams forTaskRun(Map<String, String> params, String taskRunName, String namespace) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("context.taskRun.name", taskRunName);
    context.put("context.taskRun.namespace", namespace);
    return new TektonParams(params, context);
  }

  String substitute(String text) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2) != null ? m.group(2) : m.group(3);
      String value = name != null ? params.get(name) : context.get(m.group(4));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Substitutes every string inside {@code node}, in place. */
  void substituteAll(JsonNode node) {
    JsonStrings.rewriteAll(node, this::substitute);
  }
}
