package ai.rodytech.healer.operator.run.argo;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.RunRef;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.observe.PodEvidence;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.observe.PodReader.Termination;
import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import ai.rodytech.healer.operator.run.engine.StepObservations;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the failure snapshot of a failed Workflow from {@code status.nodes}: every template that ran a pod is a
 * container (id: the template's name) with what the newest of its pods ran it with; the failed one is the pod node
 * that failed first among those Argo did not recover (a retried node counts by its last try), with its exit code
 * ({@code outputs.exitCode}) and reason (the {@code main} container's termination, else the node's message such as
 * {@code main: OOMKilled (exit code 137)}); the log is the {@code main} container's of its pod. The workflow's
 * parameters are the unit {@link WorkflowLayout#ARGUMENTS}. Never changes the cluster.
 */
final class WorkflowObserver {
  static final String WORKFLOW_LABEL = "workflows.argoproj.io/workflow";
  static final String NODE_ID = "workflows.argoproj.io/node-id";
  static final String MAIN = "main";
  private static final Pattern NODE_MESSAGE = Pattern.compile("^main: (\\w+) \\(exit code (\\d+)\\)");
  private static final String DEADLINE_MESSAGE = "longer than the specified deadline";

  private final PodReader pods;
  private final PodEvidence evidence;
  private final Redactor redactor;
  private final Clock clock;

  WorkflowObserver(PodReader pods, PodEvidence evidence, Redactor redactor, Clock clock) {
    this.pods = pods;
    this.evidence = evidence;
    this.redactor = redactor;
    this.clock = clock;
  }

  FailureSnapshot snapshot(Workflow workflow, String pipeline, Lineage lineage) {
    String ns = workflow.getMetadata().getNamespace();
    String name = workflow.getMetadata().getName();
    RunRef ref = new RunRef(Workflow.KIND, ns, name, workflow.getMetadata().getUid(), pipeline, lineage.root(),
        lineage.attempt());
    List<String> missing = new ArrayList<>();
    JsonNode tree = RunTrees.tree(workflow);
    RunState state = WorkflowStates.of(workflow);
    String runMessage = state.failedMessage();
    JsonNode nodes = tree.path("status").path("nodes");
    List<JsonNode> podNodes = RunTrees.elements(nodes).filter(n -> "Pod".equals(n.path("type").asText()))
        .sorted(Comparator.comparing(n -> n.path("startedAt").asText("")))
        .toList();
    PodEvidence.Seen seen = podNodes.isEmpty() ? PodEvidence.Seen.NONE
        : evidence.seen(workflow.getMetadata().getUid(), () -> pods.pods(ns, WORKFLOW_LABEL, name, missing));
    Map<String, Pod> podsByNode = new HashMap<>();
    seen.all().forEach(pod -> podsByNode.put(nodeId(pod), pod));

    Map<String, JsonNode> newestByTemplate = new LinkedHashMap<>();
    podNodes.forEach(n -> newestByTemplate.put(n.path("templateName").asText(), n));
    Optional<JsonNode> failed = failedNode(nodes, podNodes);
    if (failed.isPresent()) {
      newestByTemplate.put(failed.get().path("templateName").asText(), failed.get());
    }
    JsonNode spec = tree.path("status").path("storedWorkflowTemplateSpec").isObject()
        ? tree.path("status").path("storedWorkflowTemplateSpec") : tree.path("spec");
    List<ContainerObservation> containers = new ArrayList<>();
    newestByTemplate.forEach((template, node) -> containers.add(observe(template, node,
        podsByNode.get(node.path("id").asText()), spec)));
    containers.add(ContainerObservation.parameters(WorkflowLayout.ARGUMENTS, parameters(tree)));

    Optional<Termination> ended = failed.flatMap(n -> ended(n, podsByNode.get(n.path("id").asText())));
    List<String> events = List.of();
    if (failed.isEmpty()) {
      events = pods.events(ns, List.of(name), missing);
    }
    LogTail log = LogTail.EMPTY;
    if (failed.isPresent()) {
      Pod pod = podsByNode.get(failed.get().path("id").asText());
      if (pod == null) {
        missing.add("the pod of node " + failed.get().path("name").asText() + " is gone (podGC, or deleted), so"
            + " template " + failed.get().path("templateName").asText() + " has no log");
      } else {
        log = evidence.log(seen, pod, MAIN, false, missing);
      }
    }
    String message = failed.map(n -> "node " + n.path("name").asText() + ": " + n.path("message").asText(""))
        .orElse(runMessage);
    return new FailureSnapshot(ref, failed.map(n -> n.path("templateName").asText()).orElse(null),
        ended.map(Termination::exitCode).orElse(null),
        ended.map(Termination::reason).orElse(state.failedReason()),
        redactor.redact(message), containers, events, log, missing, clock.instant());
  }

  /**
   * The pod node that failed the workflow: failed pod nodes Argo did not recover from (for a retried node, its
   * last try, and only when the retries failed too), the first to finish.
   */
  static Optional<JsonNode> failedNode(JsonNode nodes, List<JsonNode> podNodes) {
    Map<String, JsonNode> parents = new HashMap<>();
    RunTrees.elements(nodes).forEach(n -> n.path("children").forEach(c -> parents.put(c.asText(), n)));
    return podNodes.stream()
        .filter(n -> WorkflowStates.FAILED.contains(n.path("phase").asText()))
        .filter(n -> {
          JsonNode parent = parents.get(n.path("id").asText());
          if (parent == null || !"Retry".equals(parent.path("type").asText())) {
            return true;
          }
          JsonNode tries = parent.path("children");
          return WorkflowStates.FAILED.contains(parent.path("phase").asText())
              && tries.get(tries.size() - 1).asText().equals(n.path("id").asText());
        })
        .min(Comparator.comparing(n -> n.path("finishedAt").asText("~")));
  }

  /** The node a pod ran for (Argo's annotation; a pod named by the v1 format is named after its node). */
  static String nodeId(Pod pod) {
    return Optional.ofNullable(pod.getMetadata().getAnnotations()).map(a -> a.get(NODE_ID))
        .orElse(pod.getMetadata().getName());
  }

  private static ContainerObservation observe(String template, JsonNode node, Pod pod, JsonNode spec) {
    Optional<Termination> ended = ended(node, pod);
    Optional<Container> main = pod == null || pod.getSpec() == null ? Optional.empty()
        : pod.getSpec().getContainers().stream().filter(c -> MAIN.equals(c.getName())).findFirst();
    if (main.isPresent()) {
      return StepObservations.fromPod(template, main.get(), PodReader.statuses(pod).get(MAIN), ended);
    }
    JsonNode declared = RunTrees.elements(spec.path("templates"))
        .filter(t -> template.equals(t.path("name").asText()))
        .map(t -> t.path("container").isObject() ? t.path("container") : t.path("script"))
        .findFirst()
        .orElse(node);
    return StepObservations.fromSpec(template, declared, "resources", ended);
  }

  /** How a pod node's main container ended: the pod's word first, else the node's outputs and message. */
  private static Optional<Termination> ended(JsonNode node, Pod pod) {
    Optional<Termination> fromPod = Optional.ofNullable(PodReader.statuses(pod).get(MAIN))
        .flatMap(PodReader::termination);
    if (fromPod.isPresent()) {
      return fromPod;
    }
    String message = node.path("message").asText("");
    Matcher m = NODE_MESSAGE.matcher(message);
    boolean worded = m.find();
    String reason = worded ? m.group(1) : message.contains(DEADLINE_MESSAGE) ? "DeadlineExceeded" : null;
    Integer exitCode = node.path("outputs").path("exitCode").isMissingNode() ? null
        : parse(node.path("outputs").path("exitCode").asText());
    if (exitCode == null && worded) {
      exitCode = Integer.valueOf(m.group(2));
    }
    if (exitCode == null && reason == null) {
      return Optional.empty();
    }
    return Optional.of(new Termination(MAIN, exitCode, reason, false));
  }

  private static Integer parse(String text) {
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The workflow's parameters as they took effect: the template's, overridden by the workflow's own. */
  static Map<String, String> parameters(JsonNode workflow) {
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode source : List.of(
        workflow.path("status").path("storedWorkflowTemplateSpec").path("arguments").path("parameters"),
        workflow.path("spec").path("arguments").path("parameters"))) {
      for (JsonNode p : source) {
        if (p.path("value").isTextual()) {
          values.put(p.path("name").asText(), p.path("value").asText());
        }
      }
    }
    return values;
  }
}
