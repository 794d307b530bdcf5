package ai.rodytech.healer.sim.argo;

import ai.rodytech.healer.sim.engine.JsonStrings;
import ai.rodytech.healer.sim.engine.StepPods;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * The pod of one try of an Argo pod node: the executor's {@code init} init container, its {@code wait} sidecar and
 * the template's {@code main} container, labelled and annotated as Argo does, with the Workflow's and then the
 * template's {@code podSpecPatch} merged in.
 */
final class WorkflowPods {
  static final String EXECUTOR_IMAGE = "quay.io/argoproj/argoexec:v3.5.8";

  private WorkflowPods() {}

  /** The pod of one try of the node {@code nodeName}, from its instantiated template {@code t}. */
  static ObjectNode pod(JsonNode workflow, JsonNode workflowSpec, JsonNode t, String podName, String nodeName) {
    String name = workflow.path("metadata").path("name").asText();
    ObjectNode main = Serialization.jsonMapper().createObjectNode();
    main.put("name", "main");
    if (t.path("container").isObject()) {
      main.setAll((ObjectNode) t.path("container").deepCopy());
      main.put("name", "main");
    } else {
      JsonNode script = t.path("script");
      for (String field : List.of("image", "env", "resources", "workingDir", "volumeMounts", "securityContext")) {
        if (script.has(field)) {
          main.set(field, script.get(field));
        }
      }
      main.set("command", script.has("command") ? script.get("command")
          : Serialization.jsonMapper().createArrayNode().add("sh"));
      main.putArray("args").add("/argo/staging/script");
    }
    Container init = new ContainerBuilder().withName("init").withImage(EXECUTOR_IMAGE).withCommand("argoexec")
        .withArgs("init", "--loglevel", "info", "--log-format", "text").build();
    Container wait = new ContainerBuilder().withName("wait").withImage(EXECUTOR_IMAGE).withCommand("argoexec")
        .withArgs("wait", "--loglevel", "info", "--log-format", "text").build();
    Map<String, String> labels = JsonStrings.stringMap(t.path("metadata").path("labels"));
    labels.put("workflows.argoproj.io/workflow", name);
    labels.put("workflows.argoproj.io/completed", "false");
    Map<String, String> annotations = JsonStrings.stringMap(t.path("metadata").path("annotations"));
    annotations.put("workflows.argoproj.io/node-id", ArgoNames.nodeId(name, nodeName));
    annotations.put("workflows.argoproj.io/node-name", nodeName);
    ObjectNode pod = StepPods.pod(workflow, podName, labels, annotations, List.of(init),
        List.of(wait, Serialization.jsonMapper().convertValue(main, Container.class)),
        workflowSpec.path("serviceAccountName").asText(null));
    ObjectNode podSpec = (ObjectNode) pod.get("spec");
    if (t.has("activeDeadlineSeconds")) {
      podSpec.put("activeDeadlineSeconds", t.path("activeDeadlineSeconds").asLong());
    }
    PodSpecPatch.apply(podSpec, workflowSpec.path("podSpecPatch").asText(null));
    PodSpecPatch.apply(podSpec, t.path("podSpecPatch").asText(null));
    return pod;
  }

  /** The main container of a pod as it was created (podSpecPatches applied). */
  static Container main(JsonNode pod) {
    String containerName = "main";
    for (JsonNode c : pod.path("spec").path("containers")) {
      if (c.path("name").asText().equals(containerName)) {
        return Serialization.jsonMapper().convertValue(c, Container.class);
      }
    }
    throw new IllegalStateException("pod " + pod.path("metadata").path("name").asText() + " has no " + containerName);
  }
}
