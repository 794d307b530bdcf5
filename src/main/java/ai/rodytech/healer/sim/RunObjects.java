package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPodsBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects one run of a Job leaves behind, shaped as the job controller and a kubelet of Kubernetes 1.31
 * write them: the pod, its running and terminated statuses, the Job's statuses and the controller's events.
 */
final class RunObjects {
  static final String NODE = "sim-node-1";
  static final String NODE_IP = "10.0.0.10";

  /** How a Job ends: the condition types and reason the job controller sets, and its event. */
  enum JobEnding {
    COMPLETE("SuccessCriteriaMet", "Complete", "CompletionsReached", "Reached expected number of succeeded pods",
        "Normal", "Completed", "Job completed"),
    BACKOFF_LIMIT_EXCEEDED("FailureTarget", "Failed", "BackoffLimitExceeded",
        "Job has reached the specified backoff limit", "Warning", "BackoffLimitExceeded",
        "Job has reached the specified backoff limit"),
    DEADLINE_EXCEEDED("FailureTarget", "Failed", "DeadlineExceeded", "Job was active longer than specified deadline",
        "Warning", "DeadlineExceeded", "Job was active longer than specified deadline");

    final String interimCondition;
    final String finalCondition;
    final String reason;
    final String message;
    final String eventType;
    final String eventReason;
    final String eventMessage;

    JobEnding(String interimCondition, String finalCondition, String reason, String message, String eventType,
        String eventReason, String eventMessage) {
      this.interimCondition = interimCondition;
      this.finalCondition = finalCondition;
      this.reason = reason;
      this.message = message;
      this.eventType = eventType;
      this.eventReason = eventReason;
      this.eventMessage = eventMessage;
    }
  }

  private RunObjects() {}

  /** The pod the job controller creates for {@code job} (the server completes its generated name). */
  static Pod pod(Job job) {
    var template = job.getSpec().getTemplate();
    String name = job.getMetadata().getName();
    String uid = job.getMetadata().getUid();
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.putIfAbsent(JobDefaults.CONTROLLER_UID, uid);
    labels.putIfAbsent(JobDefaults.JOB_NAME, name);
    labels.putIfAbsent(JobDefaults.LEGACY_CONTROLLER_UID, uid);
    labels.putIfAbsent(JobDefaults.LEGACY_JOB_NAME, name);
    return new PodBuilder()
        .withNewMetadata()
        .withGenerateName(name + "-")
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
        .addNewOwnerReference()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName(name)
        .withUid(uid)
        .withController(true)
        .withBlockOwnerDeletion(true)
        .endOwnerReference()
        .endMetadata()
        .withSpec(new PodSpecBuilder(template.getSpec()).withNodeName(NODE).build())
        .build();
  }

  /** The container {@code outcome} is about: the one it names, else the first app container. */
  static String outcomeContainer(Pod pod, RunOutcome outcome) {
    return outcome.container() != null ? outcome.container() : pod.getSpec().getContainers().get(0).getName();
  }

  static PodStatus running(Pod pod, RunOutcome outcome, Instant started) {
    String at = time(started);
    List<ContainerStatus> init = new ArrayList<>();
    for (Container c : initContainers(pod)) {
      init.add(status(pod, c, outcome, terminated(pod, c, 0, "Completed", at, at), false));
    }
    List<ContainerStatus> app = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      app.add(status(pod, c, outcome, new ContainerStateBuilder().withNewRunning(at).build(), true));
    }
    return base(pod, started)
        .withPhase("Running")
        .withConditions(conditions(at, true, null))
        .withInitContainerStatuses(init)
        .withContainerStatuses(app)
        .build();
  }

  static PodStatus terminated(Pod pod, RunOutcome outcome, Instant started, Instant finished) {
    String from = time(started);
    String to = time(finished);
    String subject = outcomeContainer(pod, outcome);
    boolean initFailed = initContainers(pod).stream().anyMatch(c -> c.getName().equals(subject));
    List<ContainerStatus> init = new ArrayList<>();
    for (Container c : initContainers(pod)) {
      boolean fails = c.getName().equals(subject);
      init.add(
          status(pod, c, outcome,
              terminated(pod, c, fails ? outcome.exitCode() : 0, fails ? outcome.terminationReason() : "Completed",
                  from, to),
              false));
    }
    List<ContainerStatus> app = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      boolean subjectHere = c.getName().equals(subject);
      ContainerState state =
          initFailed
              ? new ContainerStateBuilder().withNewWaiting().withReason("PodInitializing").endWaiting().build()
              : terminated(pod, c, subjectHere ? outcome.exitCode() : 0,
                  subjectHere ? outcome.terminationReason() : "Completed", from, to);
      app.add(status(pod, c, outcome, state, false));
    }
    String phase = outcome.succeeded() ? "Succeeded" : "Failed";
    return base(pod, started)
        .withPhase(phase)
        .withConditions(conditions(to, false, outcome.succeeded() ? "PodCompleted" : "PodFailed"))
        .withInitContainerStatuses(init)
        .withContainerStatuses(app)
        .build();
  }

  static JobStatus active(Instant started) {
    return new JobStatusBuilder()
        .withStartTime(time(started))
        .withActive(1)
        .withReady(1)
        .withTerminating(0)
        .withUncountedTerminatedPods(new UncountedTerminatedPodsBuilder().build())
        .build();
  }

  static JobStatus finished(Instant started, Instant finished, JobEnding ending) {
    String at = time(finished);
    boolean complete = ending == JobEnding.COMPLETE;
    return new JobStatusBuilder()
        .withStartTime(time(started))
        // The job controller sets completionTime only when a Job succeeds.
        .withCompletionTime(complete ? at : null)
        .withSucceeded(complete ? 1 : null)
        .withFailed(complete ? null : 1)
        .withReady(0)
        .withTerminating(0)
        .withUncountedTerminatedPods(new UncountedTerminatedPodsBuilder().build())
        .withConditions(condition(ending.interimCondition, ending, at), condition(ending.finalCondition, ending, at))
        .build();
  }

  /** An event the job controller records about {@code job}. */
  static Event event(Job job, String type, String reason, String message, Instant at, long sequence) {
    String when = time(at);
    return new EventBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName() + "." + String.format("%016x", at.toEpochMilli() * 1000 + sequence))
        .withNamespace(job.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName(job.getMetadata().getName())
        .withNamespace(job.getMetadata().getNamespace())
        .withUid(job.getMetadata().getUid())
        .withResourceVersion(job.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withNewSource("job-controller", null)
        .withReportingComponent("job-controller")
        .withFirstTimestamp(when)
        .withLastTimestamp(when)
        .withCount(1)
        .build();
  }

  /** Kubernetes writes times as RFC 3339 in whole seconds. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static JobCondition condition(String type, JobEnding ending, String at) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(ending.reason)
        .withMessage(ending.message)
        .withLastProbeTime(at)
        .withLastTransitionTime(at)
        .build();
  }

  private static PodStatusBuilder base(Pod pod, Instant started) {
    String podIp = "10.244.0." + (2 + Math.floorMod(pod.getMetadata().getName().hashCode(), 250));
    return new PodStatusBuilder()
        .withHostIP(NODE_IP)
        .addNewHostIP(NODE_IP)
        .withPodIP(podIp)
        .addNewPodIP(podIp)
        .withStartTime(time(started))
        .withQosClass(qosClass(pod));
  }

  private static List<PodCondition> conditions(String at, boolean running, String notReadyReason) {
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(podCondition("PodReadyToStartContainers", running, null, at));
    conditions.add(podCondition("Initialized", true, null, at));
    conditions.add(podCondition("Ready", running, notReadyReason, at));
    conditions.add(podCondition("ContainersReady", running, notReadyReason, at));
    conditions.add(podCondition("PodScheduled", true, null, at));
    return conditions;
  }

  private static PodCondition podCondition(String type, boolean status, String reason, String at) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withLastTransitionTime(at)
        .build();
  }

  private static ContainerStatus status(Pod pod, Container c, RunOutcome outcome, ContainerState state,
      boolean running) {
    return new ContainerStatusBuilder()
        .withName(c.getName())
        .withImage(c.getImage())
        .withImageID(outcome.imageIds().getOrDefault(c.getName(), ImageIds.resolve(c.getImage())))
        .withContainerID(containerId(pod, c))
        .withReady(running)
        .withStarted(running)
        .withRestartCount(0)
        .withState(state)
        .build();
  }

  private static ContainerState terminated(Pod pod, Container c, int exitCode, String reason, String from,
      String to) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withStartedAt(from)
        .withFinishedAt(to)
        .withContainerID(containerId(pod, c))
        .endTerminated()
        .build();
  }

  private static String containerId(Pod pod, Container c) {
    return "containerd://" + ImageIds.sha256(pod.getMetadata().getUid() + "/" + c.getName());
  }

  private static List<Container> initContainers(Pod pod) {
    return pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
  }

  private static String qosClass(Pod pod) {
    boolean anyResources = false;
    boolean guaranteed = true;
    for (Container c : pod.getSpec().getContainers()) {
      var resources = c.getResources();
      var limits = resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
      var requests = resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
      anyResources |= !limits.isEmpty() || !requests.isEmpty();
      guaranteed &= limits.containsKey("cpu") && limits.containsKey("memory")
          && (requests.isEmpty() || requests.equals(limits));
    }
    return !anyResources ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }
}
