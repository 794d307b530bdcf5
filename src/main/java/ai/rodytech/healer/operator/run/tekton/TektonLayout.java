package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.core.change.PodScope;
import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.change.Workload;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A PipelineRun's layout. Its steps are workloads only where the run holds them inline
 * ({@code spec.pipelineSpec.tasks[].taskSpec.steps[]}, and {@code finally}), id {@code <pipeline task>/<step>},
 * resources in {@code computeResources}; a run of a referenced Pipeline holds none until the kind resolves the
 * spec into it for a plan that changes a step. The run's {@code spec.params} are a unit of their own
 * ({@link #PARAMS}), so a version pin may be a pipeline parameter. Pod-level settings sit in
 * {@code taskRunTemplate} and {@code taskRunSpecs[]} (service account, pod template) and in each inline task's
 * spec (volumes); the workspaces the run binds are its volumes.
 */
public final class TektonLayout implements RunLayout {
  public static final TektonLayout INSTANCE = new TektonLayout();
  /** The id of the run's parameters as a unit: a version pin names it like a container. */
  public static final String PARAMS = "spec.params";
  static final List<String> TASK_LISTS = List.of("tasks", "finally");
  private static final String STEP_RESOURCES = "computeResources";
  private static final Pattern POD_TEMPLATE_SECRETS =
      Pattern.compile("^/spec/(taskRunTemplate|taskRunSpecs/\\d+)/podTemplate/imagePullSecrets(/.*)?$");
  private static final Pattern SIDECARS =
      Pattern.compile("^/spec/pipelineSpec/(tasks|finally)/\\d+/taskSpec/sidecars(/.*)?$");

  private TektonLayout() {}

  @Override
  public List<Workload> workloads(JsonNode run) {
    List<Workload> out = new ArrayList<>();
    for (String list : TASK_LISTS) {
      JsonNode tasks = run.path("spec").path("pipelineSpec").path(list);
      for (int i = 0; i < tasks.size(); i++) {
        String task = tasks.get(i).path("name").asText("");
        JsonNode steps = tasks.get(i).path("taskSpec").path("steps");
        for (int j = 0; j < steps.size(); j++) {
          if (steps.get(j) instanceof ObjectNode step) {
            out.add(new Workload(task + "/" + stepName(step, j),
                "/spec/pipelineSpec/" + list + "/" + i + "/taskSpec/steps/" + j, step, STEP_RESOURCES));
          }
        }
      }
    }
    if (run.path("spec") instanceof ObjectNode spec) {
      out.add(new Workload(PARAMS, "/spec", spec, STEP_RESOURCES, "params"));
    }
    return out;
  }

  /** A step's name; Tekton names an unnamed step {@code unnamed-<index>}. */
  static String stepName(JsonNode step, int index) {
    String name = step.path("name").asText("");
    return name.isEmpty() ? "unnamed-" + index : name;
  }

  /** Deepest first: a path is judged by the innermost scope it is in. */
  @Override
  public List<PodScope> podScopes(JsonNode run) {
    List<PodScope> out = new ArrayList<>();
    JsonNode specs = run.path("spec").path("taskRunSpecs");
    for (int i = 0; i < specs.size(); i++) {
      out.add(new PodScope("/spec/taskRunSpecs/" + i + "/podTemplate", specs.get(i).path("podTemplate")));
      out.add(new PodScope("/spec/taskRunSpecs/" + i, specs.get(i)));
    }
    JsonNode template = run.path("spec").path("taskRunTemplate");
    out.add(new PodScope("/spec/taskRunTemplate/podTemplate", template.path("podTemplate")));
    out.add(new PodScope("/spec/taskRunTemplate", template));
    for (String list : TASK_LISTS) {
      JsonNode tasks = run.path("spec").path("pipelineSpec").path(list);
      for (int i = 0; i < tasks.size(); i++) {
        out.add(new PodScope("/spec/pipelineSpec/" + list + "/" + i + "/taskSpec", tasks.get(i).path("taskSpec")));
      }
    }
    return out;
  }

  @Override
  public List<String> metadataScopes() {
    return List.of("/metadata");
  }

  @Override
  public Optional<String> forbidden(String path) {
    if (POD_TEMPLATE_SECRETS.matcher(path).matches()) {
      return Optional.of("a pod template's imagePullSecrets name Secrets, which the healer never changes");
    }
    if (SIDECARS.matcher(path).matches()) {
      return Optional.of("a task's sidecars run beside its steps; what runs is never changed by the healer");
    }
    return Optional.empty();
  }

  /** The workspaces the run binds: a binding to a Secret (or a projected Secret) is a Secret volume. */
  @Override
  public List<JsonNode> extraVolumes(JsonNode run) {
    return RunTrees.elements(run.path("spec").path("workspaces")).toList();
  }
}
