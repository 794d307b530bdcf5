package ai.rodytech.healer.operator.run.job;

import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.observe.PodEvidence;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.observe.RunPodWatch;
import ai.rodytech.healer.operator.run.CorrectiveRun;
import ai.rodytech.healer.operator.run.RunKind;
import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.StartCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** batch/v1 Jobs, plain or created by a CronJob. */
public final class JobKind implements RunKind<Job> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Labels the job controller puts on the Job and its pod template; a new Job gets its own. */
  static final List<String> CONTROLLER_LABELS =
      List.of("controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name");

  /** Waiting reasons of a container whose image does not pull. */
  private static final List<String> PULLING = List.of("ErrImagePull", "ImagePullBackOff");
  private final JobObserver observer;
  private final PodReader pods;
  private final PodEvidence evidence;

  public JobKind(PodReader pods, Redactor redactor, Clock clock) {
    this.pods = pods;
    this.evidence = new PodEvidence(pods, clock);
    this.observer = new JobObserver(pods, evidence, redactor, clock);
  }

  /** A Job's pods: labelled with its UID by the job controller, kept slim. */
  static final RunPodWatch.Pods PODS = new RunPodWatch.Pods(JobObserver.CONTROLLER_UID, pod -> {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(JobObserver.CONTROLLER_UID);
  }, PodEvidence::slim);

  /** What is read from the Jobs' pods while they exist ({@link RunPodWatch} feeds it). */
  PodEvidence evidence() {
    return evidence;
  }

  @Override
  public Class<Job> type() {
    return Job.class;
  }

  @Override
  public RunLayout layout() {
    return JobLayout.INSTANCE;
  }

  @Override
  public RunState state(Job job) {
    return JobConditions.state(job);
  }

  @Override
  public Optional<String> declaredPipeline(Job job) {
    return owningCronJob(job);
  }

  /** The name of the CronJob that owns the Job: the pipeline a scheduled Job belongs to. */
  public static Optional<String> owningCronJob(Job job) {
    return cronJob(job).map(OwnerReference::getName);
  }

  private static Optional<OwnerReference> cronJob(Job job) {
    return Optional.ofNullable(job.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
        .filter(o -> "CronJob".equals(o.getKind()))
        .findFirst();
  }

  @Override
  public FailureSnapshot observe(Job job, String pipeline, Lineage lineage) {
    return observer.snapshot(job, pipeline, lineage);
  }

  /**
   * What a person or the healer asked for, server-set fields removed, and its CronJob owner as a corrective run
   * carries it ({@link #corrective}): the healer's own owner reference is bookkeeping, never part of a change.
   */
  @Override
  public ObjectNode comparable(Job job) {
    JsonNode tree = JSON.valueToTree(job);
    ObjectNode comparable = JobNormalizer.normalize(tree);
    cronJobOwner(tree).ifPresent(owner -> ((ObjectNode) comparable.path("metadata")).putArray("ownerReferences")
        .add(owner));
    return comparable;
  }

  /**
   * The same template under the lineage's next name, without what the job controller generated (selector,
   * controller labels) and without {@code suspend}; labelled and annotated as the healer's. A Job from a CronJob
   * stays owned by it (not as its controller: the CronJob's own history limits do not count it), so it is
   * garbage-collected with it.
   */
  @Override
  public ObjectNode corrective(Job failed, CorrectiveRun run) {
    return corrective(JSON.valueToTree(failed), run);
  }

  /** {@link #corrective(Job, CorrectiveRun)} on a Job's JSON tree (the replay works on trees). */
  public static ObjectNode corrective(JsonNode failed, CorrectiveRun run) {
    ObjectNode job = JobNormalizer.normalize(failed);
    ObjectNode oldMeta = (ObjectNode) job.path("metadata");
    ObjectNode meta = job.putObject("metadata");
    meta.put("name", run.name());
    meta.put("namespace", failed.path("metadata").path("namespace").asText());
    ObjectNode labels = meta.putObject("labels");
    oldMeta.path("labels").properties().forEach(e -> {
      if (!e.getKey().startsWith("rodytech.ai/")) {
        labels.set(e.getKey(), e.getValue());
      }
    });
    ObjectNode annotations = meta.putObject("annotations");
    oldMeta.path("annotations").properties().forEach(e -> {
      if (!e.getKey().startsWith("rodytech.ai/")) {
        annotations.set(e.getKey(), e.getValue());
      }
    });
    run.mark(labels, annotations);
    cronJobOwner(failed).ifPresent(owner -> meta.putArray("ownerReferences").add(owner));
    if (job.path("spec").path("template").path("metadata").path("labels") instanceof ObjectNode templateLabels) {
      CONTROLLER_LABELS.forEach(templateLabels::remove);
    }
    return job;
  }

  /**
   * The reference to the CronJob that owns the Job, as a corrective run carries it: not as its controller (the
   * CronJob's history limits and its own view of its Jobs leave it alone) and without blocking the CronJob's deletion;
   * the garbage collector still deletes it with the CronJob.
   */
  private static Optional<ObjectNode> cronJobOwner(JsonNode job) {
    for (JsonNode owner : job.path("metadata").path("ownerReferences")) {
      if ("CronJob".equals(owner.path("kind").asText())) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("apiVersion", owner.path("apiVersion").asText());
        ref.put("kind", "CronJob");
        ref.put("name", owner.path("name").asText());
        ref.put("uid", owner.path("uid").asText());
        return Optional.of(ref);
      }
    }
    return Optional.empty();
  }

  @Override
  public KnownGoodVersions versions(Job job, List<String> pins) {
    Map<String, String> images = new HashMap<>();
    Map<String, String> values = new HashMap<>();
    for (Container c : job.getSpec().getTemplate().getSpec().getContainers()) {
      images.put(c.getName(), c.getImage());
      for (EnvVar env : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
        if (pins.contains(env.getName()) && env.getValue() != null && env.getValueFrom() == null) {
          values.put(env.getName(), env.getValue());
        }
      }
    }
    Map<String, String> digests = new HashMap<>();
    for (Pod pod : pods.pods(job.getMetadata().getNamespace(), JobObserver.CONTROLLER_UID,
        job.getMetadata().getUid(), new ArrayList<>())) {
      if (pod.getStatus() == null || !"Succeeded".equals(pod.getStatus().getPhase())) {
        continue;
      }
      for (ContainerStatus s : Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of())) {
        if (s.getImageID() != null && !s.getImageID().isBlank()) {
          digests.put(s.getName(), s.getImageID());
        }
      }
    }
    return new KnownGoodVersions(job.getMetadata().getName(), images, digests, values);
  }

  /**
   * Started once a pod is ready or has ended. Otherwise the reason is looked for in the Job's Events (the job
   * controller's FailedCreate carries the API server's refusal: quota, LimitRange, a webhook) and in its pods'
   * waiting states (ErrImagePull, ImagePullBackOff, CreateContainerConfigError…).
   */
  @Override
  public StartCheck started(Job job) {
    var status = job.getStatus();
    if (status != null && (positive(status.getReady()) || positive(status.getSucceeded())
        || positive(status.getFailed()))) {
      return new StartCheck.Started();
    }
    List<String> missing = new ArrayList<>();
    String ns = job.getMetadata().getNamespace();
    List<Pod> all = pods.pods(ns, JobObserver.CONTROLLER_UID, job.getMetadata().getUid(), missing);
    for (Pod pod : all) {
      if (pod.getStatus() != null && List.of("Running", "Succeeded", "Failed").contains(pod.getStatus().getPhase())
          && PodReader.statuses(pod).values().stream().anyMatch(s -> s.getState() != null
              && (s.getState().getRunning() != null || s.getState().getTerminated() != null))) {
        return new StartCheck.Started();
      }
    }
    for (Pod pod : all) {
      for (ContainerStatus s : PodReader.statuses(pod).values()) {
        if (s.getState() != null && s.getState().getWaiting() != null
            && !"ContainerCreating".equals(s.getState().getWaiting().getReason())
            && !"PodInitializing".equals(s.getState().getWaiting().getReason())) {
          String waiting = s.getState().getWaiting().getReason();
          String why = String.format("container %s of pod %s is waiting: %s%s", s.getName(),
              pod.getMetadata().getName(), waiting,
              s.getState().getWaiting().getMessage() == null ? "" : " (" + s.getState().getWaiting().getMessage() + ")");
          if (PULLING.contains(waiting)) {
            // The back-off's message only names the image; the kubelet's Failed event says why it does not pull.
            why += pods.events(ns, List.of(pod.getMetadata().getName()), missing).stream()
                .filter(e -> e.startsWith("Warning Failed") && e.contains("Failed to pull image"))
                .reduce((a, b) -> b).map(e -> "; " + e.substring(e.indexOf(": ") + 2)).orElse("");
          }
          return new StartCheck.Waiting(why);
        }
      }
    }
    List<String> events = pods.events(ns, List.of(job.getMetadata().getName()), missing);
    Optional<String> refused = events.stream().filter(e -> e.startsWith("Warning FailedCreate")).reduce((a, b) -> b);
    if (refused.isPresent()) {
      return new StartCheck.Waiting(refused.get());
    }
    return new StartCheck.Waiting(all.isEmpty() ? "no pod was created" : null);
  }

  private static boolean positive(Integer n) {
    return n != null && n > 0;
  }

  @Override
  public Job cacheView(Job job) {
    return JobCacheView.of(job);
  }

  /** The tree of a run as a Job (for tests and the demo). */
  public static Job asJob(JsonNode tree) {
    return JSON.convertValue(tree, Job.class);
  }
}
