package ai.rodytech.healer.sim.argo;

import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.engine.EngineApi;
import ai.rodytech.healer.sim.engine.EngineContext;
import ai.rodytech.healer.sim.engine.JsonStrings;
import ai.rodytech.healer.sim.engine.StepPods;
import ai.rodytech.healer.sim.engine.StepPods.ContainerEnd;
import ai.rodytech.healer.sim.engine.StepRun;
import ai.rodytech.healer.sim.argo.WorkflowSpec.Invalid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Workflow in the simulated Argo controller: its entrypoint run as a single pod, as steps (groups run one
 * after the other, the steps of a group together) or as a DAG (tasks once their dependencies succeeded), each
 * pod node under a Retry node when its template has a {@code retryStrategy}. The whole Workflow (status and
 * phase labels) is written with one patch per transition, as Argo's controller updates it.
 */
final class WorkflowExecution {
  static final String DEADLINE_MESSAGE = "Step exceeded its deadline";
  static final String POD_DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline";

  private enum Shape { POD, STEPS, DAG }

  private enum State { PENDING, RUNNING, SUCCEEDED, FAILED }

  /** One step, DAG task or the single pod of the entrypoint, with its tries. */
  private final class Item {
    final String nodeName;
    final String displayName;
    final String templateName;
    final ObjectNode template;
    final String boundaryId;
    final int group;
    final List<String> dependencies;
    State state = State.PENDING;
    String retryNodeId;
    String nodeId;
    int attempt = -1;
    String podName;
    ObjectNode pod;
    Instant attemptStarted;

    Item(String nodeName, String displayName, String templateName, ObjectNode template, String boundaryId, int group,
        List<String> dependencies) {
      this.nodeName = nodeName;
      this.displayName = displayName;
      this.templateName = templateName;
      this.template = template;
      this.boundaryId = boundaryId;
      this.group = group;
      this.dependencies = dependencies;
    }

    JsonNode retryStrategy() {
      return template.path("retryStrategy");
    }

    boolean retries() {
      return retryStrategy().isObject();
    }
  }

  private final EngineContext context;
  private final JsonNode workflow;
  private final String namespace;
  private final String name;
  private final List<Item> items = new ArrayList<>();
  private final List<String> completedPods = new ArrayList<>();
  private PodGc podGc = PodGc.NONE;
  private final Map<Integer, String> groupNodes = new LinkedHashMap<>();
  private WorkflowSpec spec;
  private WorkflowStatus status;
  private Shape shape;
  private String rootId;
  private int group;
  private boolean labelsWritten;
  private boolean done;

  WorkflowExecution(EngineContext context, JsonNode workflow) {
    this.context = context;
    this.workflow = workflow;
    this.namespace = workflow.path("metadata").path("namespace").asText();
    this.name = workflow.path("metadata").path("name").asText();
  }

  synchronized void begin() {
    Instant started = context.clock().instant();
    status = new WorkflowStatus(name, started);
    try {
      spec = WorkflowSpec.resolve(context.api(), workflow);
      podGc = PodGc.of(spec.spec);
      plan(started);
    } catch (Invalid invalid) {
      status.finish("Error", invalid.getMessage(), started);
      status.status.remove("nodes");
      write("Error", true);
      context.api().event(workflow, "workflow-controller", "Warning", "WorkflowFailed", invalid.getMessage(), started);
      done = true;
      context.finished(namespace, name, false, "Error");
      return;
    }
    if (spec.templateRef != null) {
      status.status.set("storedWorkflowTemplateSpec", spec.spec);
    }
    context.api().event(workflow, "workflow-controller", "Normal", "WorkflowRunning", "Workflow Running", started);
    startReady();
    write("Running", false);
    long deadline = spec.spec.path("activeDeadlineSeconds").asLong(0);
    if (deadline > 0) {
      context.after(Duration.ofSeconds(deadline), namespace, name, () -> locked(this::deadlineExceeded));
    }
  }

  private synchronized void locked(Runnable action) {
    action.run();
  }

  /** Lays out the entrypoint's nodes: one pod, step groups, or DAG tasks. */
  private void plan(Instant started) throws Invalid {
    JsonNode entry = spec.template(spec.entrypoint());
    ObjectNode entryTemplate = spec.instantiate(entry, spec.spec.path("arguments"));
    if (isPod(entry)) {
      shape = Shape.POD;
      rootId = name;
      items.add(new Item(name, name, entry.path("name").asText(), entryTemplate, null, 0, List.of()));
      return;
    }
    rootId = name;
    if (entry.path("steps").isArray()) {
      shape = Shape.STEPS;
      status.add(name, name, "Steps", entry.path("name").asText(), null, null, started);
      int g = 0;
      for (JsonNode stepGroup : entry.path("steps")) {
        for (JsonNode step : stepGroup) {
          String nodeName = name + "[" + g + "]." + step.path("name").asText();
          items.add(item(step, nodeName, step.path("name").asText(), g, List.of()));
        }
        g++;
      }
    } else if (entry.path("dag").isObject()) {
      shape = Shape.DAG;
      status.add(name, name, "DAG", entry.path("name").asText(), null, null, started);
      for (JsonNode task : entry.path("dag").path("tasks")) {
        List<String> deps = new ArrayList<>();
        task.path("dependencies").forEach(d -> deps.add(d.asText()));
        for (String term : task.path("depends").asText("").split("&&")) {
          if (!term.isBlank()) {
            deps.add(term.strip().replaceAll("\\.(Succeeded|Completed)$", ""));
          }
        }
        items.add(item(task, name + "." + task.path("name").asText(), task.path("name").asText(), 0, deps));
      }
    } else {
      throw new Invalid("invalid spec: template '" + entry.path("name").asText()
          + "' must have one of container, script, steps or dag");
    }
  }

  private Item item(JsonNode step, String nodeName, String displayName, int g, List<String> deps) throws Invalid {
    JsonNode template = spec.template(step.path("template").asText());
    if (!isPod(template)) {
      throw new Invalid("not supported by the simulated Argo controller: template '" + template.path("name").asText()
          + "' nests steps or a DAG inside " + spec.entrypoint());
    }
    return new Item(nodeName, displayName, template.path("name").asText(),
        spec.instantiate(template, step.path("arguments")), rootId, g, deps);
  }

  private static boolean isPod(JsonNode template) {
    return template.path("container").isObject() || template.path("script").isObject();
  }

  private void startReady() {
    Instant now = context.clock().instant();
    switch (shape) {
      case POD -> items.stream().filter(i -> i.state == State.PENDING).forEach(i -> startItem(i, null));
      case STEPS -> {
        List<Item> groupItems = items.stream().filter(i -> i.group == group).toList();
        if (groupItems.isEmpty() || groupItems.get(0).state != State.PENDING) {
          return;
        }
        String groupName = name + "[" + group + "]";
        String groupParent = group == 0 ? rootId : null;
        ObjectNode groupNode = status.add(groupName, "[" + group + "]", "StepGroup", null, rootId, groupParent, now);
        String groupId = groupNode.path("id").asText();
        groupNodes.put(group, groupId);
        if (group > 0) {
          // Argo chains step groups: the next group hangs under every node of the one before.
          items.stream().filter(i -> i.group == group - 1)
              .forEach(i -> status.node(outerId(i)).withArray("children").add(groupId));
        }
        groupItems.forEach(i -> startItem(i, groupId));
      }
      case DAG -> {
        for (Item item : items) {
          if (item.state == State.PENDING && item.dependencies.stream().allMatch(this::succeeded)) {
            startItem(item, rootId);
          }
        }
      }
    }
  }

  private boolean succeeded(String task) {
    return items.stream().anyMatch(i -> i.displayName.equals(task) && i.state == State.SUCCEEDED);
  }

  private void startItem(Item item, String parentId) {
    item.state = State.RUNNING;
    if (item.retries()) {
      ObjectNode retry = status.add(item.nodeName, item.displayName, "Retry", item.templateName, item.boundaryId,
          parentId, context.clock().instant());
      item.retryNodeId = retry.path("id").asText();
      startAttempt(item, item.retryNodeId);
    } else {
      startAttempt(item, parentId);
    }
  }

  private void startAttempt(Item item, String parentId) {
    item.attempt++;
    String suffix = item.retries() ? "(" + item.attempt + ")" : "";
    String nodeName = item.nodeName + suffix;
    item.attemptStarted = context.clock().instant();
    ObjectNode node = status.add(nodeName, item.displayName + suffix, "Pod", item.templateName, item.boundaryId,
        parentId, item.attemptStarted);
    node.put("hostNodeName", "sim-node-1");
    item.nodeId = node.path("id").asText();
    item.podName = ArgoNames.podName(name, nodeName, item.templateName);
    item.pod = (ObjectNode) context.api().create("/api/v1/namespaces/" + namespace + "/pods",
        WorkflowPods.pod(workflow, spec.spec, item.template, item.podName, nodeName));
    context.api().replaceStatus(podPath(item), StepPods.running(item.pod, item.attemptStarted));

    Container main = WorkflowPods.main(item.pod);
    RunOutcome outcome = context.script().run(new StepRun("argo", namespace, name, pipelineForScript(),
        item.templateName, "main", RunScript.attemptOf(JsonStrings.stringMap(workflow.path("metadata").path("annotations"))),
        item.attempt, main.getImage(), StepPods.env(main), StepPods.memoryLimit(main),
        JsonStrings.stringMap(workflow.path("metadata").path("labels")), JsonStrings.stringMap(workflow.path("metadata").path("annotations"))));
    context.logs().put(namespace, item.podName, "main", outcome.log());
    long podDeadline = item.template.path("activeDeadlineSeconds").asLong(0);
    boolean overDeadline = podDeadline > 0 && outcome.duration().compareTo(Duration.ofSeconds(podDeadline)) > 0;
    int attempt = item.attempt;
    context.after(overDeadline ? Duration.ofSeconds(podDeadline) : outcome.duration(), namespace, name,
        () -> locked(() -> finishAttempt(item, attempt, outcome, overDeadline)));
  }

  private void finishAttempt(Item item, int attempt, RunOutcome outcome, boolean podDeadline) {
    if (done || attempt != item.attempt) {
      return;
    }
    Instant now = context.clock().instant();
    boolean failed = podDeadline || !outcome.succeeded();
    int exitCode = podDeadline ? 137 : outcome.exitCode();
    String reason = podDeadline ? "Error" : outcome.terminationReason();
    ObjectNode podStatus = StepPods.terminated(item.pod,
        Map.of("main", new ContainerEnd(exitCode, reason, item.attemptStarted, now)), item.attemptStarted, now, failed);
    if (podDeadline) {
      podStatus.put("reason", "DeadlineExceeded").put("message", POD_DEADLINE_MESSAGE);
    }
    context.api().replaceStatus(podPath(item), podStatus);
    completedPods.add(item.podName);
    // Argo queues a pod for its GC as it operates the workflow on the pod's end: after the workflow's write.
    List<String> collected = PodGc.ON_POD_COMPLETION.equals(podGc.strategy())
        || PodGc.ON_POD_SUCCESS.equals(podGc.strategy()) && !failed ? List.of(item.podName) : List.of();
    String message = !failed ? null : podDeadline ? POD_DEADLINE_MESSAGE
        : "main: " + reason + " (exit code " + exitCode + ")";
    status.end(item.nodeId, failed ? "Failed" : "Succeeded", message, now);
    status.node(item.nodeId).putObject("outputs").put("exitCode", String.valueOf(exitCode));
    if (failed) {
      context.api().event(workflow, "workflow-controller", "Warning", "WorkflowNodeFailed",
          "Failed node " + status.node(item.nodeId).path("name").asText() + ": " + message, now);
    }
    if (failed && item.retries() && item.attempt < item.retryStrategy().path("limit").asInt(0)
        && retriesFailures(item.retryStrategy())) {
      startAttempt(item, item.retryNodeId);
      write("Running", false);
      collect(collected);
      return;
    }
    item.state = failed ? State.FAILED : State.SUCCEEDED;
    if (item.retries()) {
      status.end(item.retryNodeId, failed ? "Failed" : "Succeeded", failed ? "No more retries left" : null, now);
    }
    advance(now);
    collect(collected);
  }

  /** Argo's retryPolicy for a node that Failed (its main container exited non-zero); OnFailure by default. */
  private static boolean retriesFailures(JsonNode retryStrategy) {
    String policy = retryStrategy.path("retryPolicy").asText("OnFailure");
    return policy.equals("Always") || policy.equals("OnFailure");
  }

  private void advance(Instant now) {
    switch (shape) {
      case POD -> {
        Item only = items.get(0);
        complete(only.state == State.SUCCEEDED ? "Succeeded" : "Failed",
            status.node(outerId(only)).path("message").asText(null), now);
      }
      case STEPS -> {
        List<Item> groupItems = items.stream().filter(i -> i.group == group).toList();
        if (groupItems.stream().anyMatch(i -> i.state == State.RUNNING)) {
          write("Running", false);
          return;
        }
        String groupId = groupNodes.get(group);
        Item failedItem = groupItems.stream().filter(i -> i.state == State.FAILED).findFirst().orElse(null);
        if (failedItem != null) {
          status.end(groupId, "Failed", childFailed(outerId(failedItem)), now);
          status.end(rootId, "Failed", childFailed(groupId), now);
          complete("Failed", childFailed(groupId), now);
          return;
        }
        status.end(groupId, "Succeeded", null, now);
        group++;
        if (items.stream().noneMatch(i -> i.group == group)) {
          status.end(rootId, "Succeeded", null, now);
          complete("Succeeded", null, now);
          return;
        }
        startReady();
        write("Running", false);
      }
      case DAG -> {
        Item failedItem = items.stream().filter(i -> i.state == State.FAILED).findFirst().orElse(null);
        if (failedItem == null) {
          startReady();
        }
        if (items.stream().anyMatch(i -> i.state == State.RUNNING)) {
          write("Running", false);
          return;
        }
        String message = failedItem == null ? null : childFailed(outerId(failedItem));
        status.end(rootId, failedItem == null ? "Succeeded" : "Failed", message, now);
        complete(failedItem == null ? "Succeeded" : "Failed", message, now);
      }
    }
  }

  /** {@code activeDeadlineSeconds} of the Workflow: running pods stopped, every open node and the run Failed. */
  private void deadlineExceeded() {
    if (done) {
      return;
    }
    Instant now = context.clock().instant();
    for (Item item : items) {
      if (item.state == State.RUNNING) {
        context.api().replaceStatus(podPath(item), StepPods.terminated(item.pod,
            Map.of("main", new ContainerEnd(143, "Error", item.attemptStarted, now)), item.attemptStarted, now, true));
        status.end(item.nodeId, "Failed", DEADLINE_MESSAGE, now);
        if (item.retries()) {
          status.end(item.retryNodeId, "Failed", DEADLINE_MESSAGE, now);
        }
        item.state = State.FAILED;
      }
    }
    groupNodes.values().stream().filter(id -> status.node(id).path("phase").asText().equals("Running"))
        .forEach(id -> status.end(id, "Failed", DEADLINE_MESSAGE, now));
    if (shape != Shape.POD) {
      status.end(rootId, "Failed", DEADLINE_MESSAGE, now);
    }
    complete("Failed", DEADLINE_MESSAGE, now);
  }

  private void complete(String phase, String message, Instant now) {
    done = true;
    status.finish(phase, message, now);
    write(phase, true);
    boolean succeeded = phase.equals("Succeeded");
    if (PodGc.ON_WORKFLOW_COMPLETION.equals(podGc.strategy())
        || PodGc.ON_WORKFLOW_SUCCESS.equals(podGc.strategy()) && succeeded) {
      collect(List.copyOf(completedPods));
    }
    context.finished(namespace, name, succeeded, phase);
    context.api().event(workflow, "workflow-controller", succeeded ? "Normal" : "Warning",
        succeeded ? "WorkflowSucceeded" : "WorkflowFailed", succeeded ? "Workflow completed" : Objects.toString(message, ""),
        now);
  }

  /** Argo's pod GC: the pods deleted once its delay has passed (a pod already gone is fine). */
  private void collect(List<String> podNames) {
    if (podNames.isEmpty()) {
      return;
    }
    context.after(podGc.delay(), namespace, name, () -> podNames.forEach(
        pod -> context.api().delete("/api/v1/namespaces/" + namespace + "/pods/" + pod)));
  }

  /** One patch of the whole Workflow: its status and the phase labels the controller keeps on it. */
  private void write(String phase, boolean completed) {
    status.updateProgress();
    StringBuilder patch = new StringBuilder("[{\"op\":\"add\",\"path\":\"/status\",\"value\":")
        .append(Serialization.asJson(status.status)).append('}');
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("workflows.argoproj.io/phase", phase);
    labels.put("workflows.argoproj.io/completed", String.valueOf(completed));
    // After the first write the Workflow surely has labels: set the two keys only.
    JsonNode current = labelsWritten ? Serialization.jsonMapper().createObjectNode() : workflow.path("metadata").path("labels");
    patch.append(',').append(EngineApi.labelOps(current, labels));
    labelsWritten = true;
    context.api().patch(workflowPath(), patch.append(']').toString());
  }

  private String pipelineForScript() {
    JsonNode labels = workflow.path("metadata").path("labels");
    for (String candidate : List.of(Objects.toString(spec.templateRef, ""),
        labels.path("workflows.argoproj.io/workflow-template").asText(""),
        labels.path("workflows.argoproj.io/cron-workflow").asText(""),
        labels.path(RunScript.PIPELINE_LABEL).asText(""))) {
      if (!candidate.isEmpty()) {
        return candidate;
      }
    }
    return name;
  }

  /** The node that stands for an item in its parent: its Retry node, else its (only) pod node. */
  private static String outerId(Item item) {
    return item.retryNodeId != null ? item.retryNodeId : item.nodeId;
  }

  private static String childFailed(String id) {
    return "child '" + id + "' failed";
  }

  private String podPath(Item item) {
    return "/api/v1/namespaces/" + namespace + "/pods/" + item.podName;
  }

  private String workflowPath() {
    return "/apis/argoproj.io/v1alpha1/namespaces/" + namespace + "/workflows/" + name;
  }

}
