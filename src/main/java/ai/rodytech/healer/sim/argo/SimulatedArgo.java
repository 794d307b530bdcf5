package ai.rodytech.healer.sim.argo;

import ai.rodytech.healer.sim.InProcessCluster;
import ai.rodytech.healer.sim.engine.SimulatedEngine;
import ai.rodytech.healer.sim.engine.StepPods;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;

/**
 * A small Argo Workflows controller (v3.5+, {@code argoproj.io/v1alpha1}) for the {@link InProcessCluster}:
 * each new Workflow (inline templates or a {@code workflowTemplateRef}) runs as pod nodes with Argo's init,
 * wait and main containers, while a {@link ai.rodytech.healer.sim.engine.StepScript} decides how each main
 * container ends. It can also submit Workflows as the CLI ({@code argo submit --from workflowtemplate/...})
 * and the cron controller do. See docs/simulation-engines.md for the fields it honours.
 */
public final class SimulatedArgo extends SimulatedEngine {
  static final String API = "/apis/argoproj.io/v1alpha1/namespaces/";

  private SimulatedArgo(Builder<SimulatedArgo> builder) {
    super(builder, "sim-argo");
  }

  /** A controller for {@code cluster}; configure it, then {@link Builder#start()}. */
  public static Builder<SimulatedArgo> builder(InProcessCluster cluster) {
    return new Builder<>(cluster, SimulatedArgo::new);
  }

  @Override
  protected String runApiVersion() {
    return "argoproj.io/v1alpha1";
  }

  @Override
  protected String runKind() {
    return "Workflow";
  }

  /** Not yet picked up: no phase, and not suspended. */
  @Override
  protected boolean isNew(GenericKubernetesResource run) {
    Object status = run.getAdditionalProperties().get("status");
    boolean phased = status instanceof Map<?, ?> map && map.get("phase") != null && !"".equals(map.get("phase"));
    Object spec = run.getAdditionalProperties().get("spec");
    boolean suspended = spec instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("suspend"));
    return !phased && !suspended;
  }

  @Override
  protected void start(GenericKubernetesResource run) {
    new WorkflowExecution(context, Serialization.jsonMapper().valueToTree(run)).begin();
  }

  /**
   * Submits a Workflow from a WorkflowTemplate as {@code argo submit --from workflowtemplate/<name>} does: a
   * generated name, a {@code workflowTemplateRef}, the template's {@code workflowMetadata} labels and annotations,
   * {@code labels}, and the {@code workflows.argoproj.io/workflow-template} label (Argo sets it at submission; the
   * controller does not add it to a Workflow created with a workflowTemplateRef). Returns the Workflow as created.
   */
  public JsonNode submitFromTemplate(String namespace, String template, Map<String, String> labels) {
    JsonNode source = context.api().get(API + namespace + "/workflowtemplates/" + template);
    if (source == null) {
      throw new IllegalArgumentException("no WorkflowTemplate " + namespace + "/" + template);
    }
    ObjectNode workflow = Serialization.jsonMapper().createObjectNode();
    workflow.put("apiVersion", "argoproj.io/v1alpha1").put("kind", "Workflow");
    ObjectNode metadata = workflow.putObject("metadata");
    metadata.put("generateName", template + "-").put("namespace", namespace);
    copyWorkflowMetadata(source.path("spec").path("workflowMetadata"), metadata);
    ObjectNode labelNode = metadata.withObject("/labels");
    labels.forEach(labelNode::put);
    labelNode.put("workflows.argoproj.io/workflow-template", template);
    workflow.putObject("spec").putObject("workflowTemplateRef").put("name", template);
    return context.api().create(API + namespace + "/workflows", workflow);
  }

  /**
   * Runs a CronWorkflow now, as the cron controller does on schedule: a Workflow named {@code
   * <cron>-<unix seconds>} from its {@code workflowSpec} and {@code workflowMetadata}, labelled {@code
   * workflows.argoproj.io/cron-workflow} and owned by it. Returns the Workflow as created.
   */
  public JsonNode submitFromCron(String namespace, String cronWorkflow) {
    JsonNode cron = context.api().get(API + namespace + "/cronworkflows/" + cronWorkflow);
    if (cron == null) {
      throw new IllegalArgumentException("no CronWorkflow " + namespace + "/" + cronWorkflow);
    }
    Instant now = context.clock().instant();
    ObjectNode workflow = Serialization.jsonMapper().createObjectNode();
    workflow.put("apiVersion", "argoproj.io/v1alpha1").put("kind", "Workflow");
    ObjectNode metadata = workflow.putObject("metadata");
    metadata.put("name", cronWorkflow + "-" + now.getEpochSecond()).put("namespace", namespace);
    copyWorkflowMetadata(cron.path("spec").path("workflowMetadata"), metadata);
    metadata.withObject("/labels").put("workflows.argoproj.io/cron-workflow", cronWorkflow);
    metadata.withObject("/annotations").put("workflows.argoproj.io/scheduled-time", StepPods.time(now));
    metadata.putArray("ownerReferences").addObject()
        .put("apiVersion", "argoproj.io/v1alpha1").put("kind", "CronWorkflow").put("name", cronWorkflow)
        .put("uid", cron.path("metadata").path("uid").asText()).put("controller", true).put("blockOwnerDeletion", true);
    workflow.set("spec", cron.path("spec").path("workflowSpec").deepCopy());
    return context.api().create(API + namespace + "/workflows", workflow);
  }

  /** The labels and annotations a template's or CronWorkflow's {@code workflowMetadata} gives its Workflows. */
  private static void copyWorkflowMetadata(JsonNode workflowMetadata, ObjectNode metadata) {
    for (String field : new String[] {"labels", "annotations"}) {
      if (workflowMetadata.path(field).isObject()) {
        metadata.withObject("/" + field).setAll((ObjectNode) workflowMetadata.get(field).deepCopy());
      }
    }
  }
}
