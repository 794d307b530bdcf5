package ai.rodytech.healer.operator.run.argo;

import ai.rodytech.healer.core.change.PodScope;
import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.change.Workload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Workflow's layout. Each template that runs a pod is a workload (id: the template's name): its
 * {@code container}, or its {@code script} (image, env, resources like a container; its {@code source} is what it
 * runs). A workflow of a referenced WorkflowTemplate holds none until the kind resolves the template's spec into
 * it for a plan that changes a template. The workflow's {@code spec.arguments.parameters} are a unit of their own
 * ({@link #ARGUMENTS}), so a version pin may be a workflow parameter. Pod-level settings sit in each template
 * (service account, security context, volumes) and in the spec (the same, plus host network and podSpecPatch).
 */
public final class WorkflowLayout implements RunLayout {
  public static final WorkflowLayout INSTANCE = new WorkflowLayout();
  /** The id of the workflow's parameters as a unit: a version pin names it like a container. */
  public static final String ARGUMENTS = "spec.arguments.parameters";
  static final List<String> POD_TEMPLATES = List.of("container", "script");
  private static final String TEMPLATE = "^/spec(/templates/\\d+)?";
  private static final Pattern POD_SPEC_PATCH = Pattern.compile(TEMPLATE + "/podSpecPatch(/.*)?$");
  private static final Pattern SCRIPT_SOURCE = Pattern.compile("^/spec/templates/\\d+/script/source(/.*)?$");
  private static final Pattern EXECUTOR = Pattern.compile(TEMPLATE + "/executor(/.*)?$");
  private static final Pattern PULL_SECRETS = Pattern.compile("^/spec/imagePullSecrets(/.*)?$");

  private WorkflowLayout() {}

  @Override
  public List<Workload> workloads(JsonNode workflow) {
    List<Workload> out = new ArrayList<>();
    JsonNode templates = workflow.path("spec").path("templates");
    for (int i = 0; i < templates.size(); i++) {
      for (String field : POD_TEMPLATES) {
        if (templates.get(i).get(field) instanceof ObjectNode container) {
          out.add(new Workload(templates.get(i).path("name").asText(""), "/spec/templates/" + i + "/" + field,
              container, "resources"));
        }
      }
    }
    if (workflow.path("spec").path("arguments") instanceof ObjectNode arguments) {
      out.add(new Workload(ARGUMENTS, "/spec/arguments", arguments, "resources", "parameters"));
    }
    return out;
  }

  /** Each template, then the spec: a path is judged by the innermost scope it is in. */
  @Override
  public List<PodScope> podScopes(JsonNode workflow) {
    List<PodScope> out = new ArrayList<>();
    JsonNode templates = workflow.path("spec").path("templates");
    for (int i = 0; i < templates.size(); i++) {
      out.add(new PodScope("/spec/templates/" + i, templates.get(i)));
    }
    out.add(new PodScope("/spec", workflow.path("spec")));
    return out;
  }

  @Override
  public List<String> metadataScopes() {
    return List.of("/metadata");
  }

  @Override
  public Optional<String> forbidden(String path) {
    if (POD_SPEC_PATCH.matcher(path).matches()) {
      return Optional.of("a podSpecPatch can change anything in a pod; the healer sets memory through the"
          + " template's container resources and never changes a podSpecPatch");
    }
    if (SCRIPT_SOURCE.matcher(path).matches()) {
      return Optional.of("a script template's source is what it runs, which is never changed by the healer");
    }
    if (EXECUTOR.matcher(path).matches()) {
      return Optional.of("the executor's service account is never changed by the healer");
    }
    if (PULL_SECRETS.matcher(path).matches()) {
      return Optional.of("imagePullSecrets name Secrets, which the healer never changes");
    }
    return Optional.empty();
  }
}
