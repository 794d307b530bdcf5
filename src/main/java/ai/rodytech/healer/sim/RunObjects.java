package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
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
 * The objects the simulated job controller writes, shaped as the job controller of Kubernetes 1.31 writes them:
 * the pods it creates and the Job's status, with its interim (FailureTarget, SuccessCriteriaMet) and terminal
 * (Failed, Complete) conditions.
 */
final class RunObjects {
  static final String NODE = "sim-node-1";

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

  /**
   * The Job's status as the job controller keeps it. Counted pods go straight into {@code failed}/
   * {@code succeeded}, except the last one, which waits in {@code uncountedTerminatedPods} while the interim
   * condition is written, as the real controller's two-step finish shows it.
   */
  static final class JobModel {
    Instant startTime;
    int active;
    int ready;
    int failed;
    int succeeded;
    int terminating;
    final List<String> uncountedFailed = new ArrayList<>();
    final List<String> uncountedSucceeded = new ArrayList<>();
    final List<JobCondition> conditions = new ArrayList<>();
    Instant completionTime;

    void condition(String type, JobEnding ending, Instant at) {
      conditions.add(new JobConditionBuilder()
          .withType(type)
          .withStatus("True")
          .withReason(ending.reason)
          .withMessage(ending.message)
          .withLastProbeTime(time(at))
          .withLastTransitionTime(time(at))
          .build());
    }

    boolean has(String type) {
      return conditions.stream().anyMatch(c -> c.getType().equals(type));
    }

    JobStatus status() {
      return new JobStatusBuilder()
          .withStartTime(startTime == null ? null : time(startTime))
          // The job controller sets completionTime only when a Job succeeds.
          .withCompletionTime(completionTime == null ? null : time(completionTime))
          .withActive(active == 0 ? null : active)
          .withReady(ready)
          .withFailed(failed == 0 ? null : failed)
          .withSucceeded(succeeded == 0 ? null : succeeded)
          .withTerminating(terminating)
          .withUncountedTerminatedPods(new UncountedTerminatedPodsBuilder()
              .withFailed(List.copyOf(uncountedFailed)).withSucceeded(List.copyOf(uncountedSucceeded)).build())
          .withConditions(List.copyOf(conditions))
          .build();
    }
  }

  private RunObjects() {}

  /**
   * The pod the job controller creates for {@code job} (the server completes its generated name), bound to the
   * simulated node unless the scheduler will not place it.
   */
  static Pod pod(Job job, boolean scheduled) {
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
        .withSpec(new PodSpecBuilder(template.getSpec()).withNodeName(scheduled ? NODE : null).build())
        .build();
  }

  /** Kubernetes writes times as RFC 3339 in whole seconds. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
