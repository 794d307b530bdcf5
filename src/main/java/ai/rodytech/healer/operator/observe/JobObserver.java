package ai.rodytech.healer.operator.observe;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.RunRef;
import ai.rodytech.healer.operator.JobRuns;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.Lineage;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds the failure snapshot of a failed Job: its pods' termination states, the failed container, recent
 * Events and a bounded log tail read through the API (tailLines and limitBytes, never the whole log). Never
 * changes the cluster; anything it cannot read is listed in {@link FailureSnapshot#missing()}.
 */
public final class JobObserver {
  private final KubernetesClient client;
  private final Redactor redactor;
  private final LogLimits limits;
  private final Clock clock;

  /** How much of a log to read: the last {@code tailLines} lines, at most {@code limitBytes} bytes. */
  public record LogLimits(int tailLines, int limitBytes) {
    public static final LogLimits DEFAULT = new LogLimits(2000, 256 * 1024);
  }

  public JobObserver(KubernetesClient client, Redactor redactor, LogLimits limits, Clock clock) {
    this.client = client;
    this.redactor = redactor;
    this.limits = limits;
    this.clock = clock;
  }

  public FailureSnapshot snapshot(Job job, String pipeline) {
    String ns = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    Lineage lineage = Lineage.of(job);
    RunRef run = new RunRef("Job", ns, name, job.getMetadata().getUid(), pipeline, lineage.root(), lineage.attempt());
    List<String> missing = new ArrayList<>();
    Optional<JobCondition> failed = JobRuns.condition(job, "Failed");
    String conditionReason = failed.map(JobCondition::getReason).orElse(null);
    String message = redactor.redact(failed.map(JobCondition::getMessage).orElse(""));

    List<Pod> pods = pods(job, missing);
    Optional<Pod> failedPod = pods.stream().filter(JobObserver::failedPod).reduce((a, b) -> b);
    Pod pod = failedPod.orElse(pods.isEmpty() ? null : pods.get(pods.size() - 1));
    if (pods.isEmpty()) {
      missing.add("no pods found for the Job (never created, or already garbage-collected)");
    }

    Map<String, ContainerStatus> statuses = statusesByName(pod);
    Optional<ContainerStatus> failedStatus = failedContainer(pod);
    String failedContainer = failedStatus.map(ContainerStatus::getName).orElse(null);
    Integer exitCode = failedStatus.map(s -> s.getState().getTerminated().getExitCode()).orElse(null);
    String reason = failedStatus.map(s -> s.getState().getTerminated().getReason()).orElse(null);
    if (reason == null && pod != null && pod.getStatus() != null && "Evicted".equals(pod.getStatus().getReason())) {
      reason = "Evicted";
    }
    if (reason == null) {
      reason = conditionReason;
    }

    PodSpec spec = job.getSpec().getTemplate().getSpec();
    List<ContainerObservation> containers = new ArrayList<>();
    Stream.concat(
            Optional.ofNullable(spec.getInitContainers()).orElse(List.of()).stream().map(c -> Map.entry(c, true)),
            Optional.ofNullable(spec.getContainers()).orElse(List.of()).stream().map(c -> Map.entry(c, false)))
        .forEach(e -> containers.add(observe(e.getKey(), statuses.get(e.getKey().getName()), e.getValue())));

    List<String> events = events(job, pod, missing);
    LogTail log = LogTail.EMPTY;
    if (pod != null) {
      String container = failedContainer != null ? failedContainer : spec.getContainers().get(0).getName();
      log = readLog(pod, container, missing);
    }
    return new FailureSnapshot(
        run, failedContainer, exitCode, reason, message, containers, events, log, missing, clock.instant());
  }

  private List<Pod> pods(Job job, List<String> missing) {
    try {
      List<Pod> pods =
          new ArrayList<>(
              client.pods().inNamespace(job.getMetadata().getNamespace())
                  .withLabel("job-name", job.getMetadata().getName()).list().getItems());
      if (pods.isEmpty()) {
        pods.addAll(
            client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel("batch.kubernetes.io/job-name", job.getMetadata().getName()).list().getItems());
      }
      pods.sort(Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")));
      return pods;
    } catch (KubernetesClientException e) {
      missing.add("pods could not be listed: " + e.getMessage());
      return List.of();
    }
  }

  private static boolean failedPod(Pod pod) {
    return pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase());
  }

  private static Map<String, ContainerStatus> statusesByName(Pod pod) {
    Map<String, ContainerStatus> byName = new LinkedHashMap<>();
    if (pod == null || pod.getStatus() == null) {
      return byName;
    }
    Stream.concat(
            Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
            Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream())
        .forEach(s -> byName.put(s.getName(), s));
    return byName;
  }

  /** The first container (init containers first, as they run first) that terminated with a non-zero code. */
  private static Optional<ContainerStatus> failedContainer(Pod pod) {
    return statusesByName(pod).values().stream()
        .filter(s -> terminatedCode(s).map(code -> code != 0).orElse(false))
        .findFirst();
  }

  private static Optional<Integer> terminatedCode(ContainerStatus s) {
    if (s.getState() != null && s.getState().getTerminated() != null) {
      return Optional.ofNullable(s.getState().getTerminated().getExitCode());
    }
    return Optional.empty();
  }

  private static ContainerObservation observe(Container c, ContainerStatus status, boolean init) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
      if (var.getValueFrom() == null && var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    String limit = memory(c, true);
    String request = memory(c, false);
    Integer exit = null;
    String reason = null;
    String imageId = null;
    if (status != null) {
      imageId = blankToNull(status.getImageID());
      if (status.getState() != null && status.getState().getTerminated() != null) {
        exit = status.getState().getTerminated().getExitCode();
        reason = status.getState().getTerminated().getReason();
      }
    }
    return new ContainerObservation(c.getName(), c.getImage(), imageId, limit, request, exit, reason, env, init);
  }

  private static String memory(Container c, boolean limit) {
    if (c.getResources() == null) {
      return null;
    }
    Map<String, Quantity> map = limit ? c.getResources().getLimits() : c.getResources().getRequests();
    if (map == null || map.get("memory") == null) {
      return null;
    }
    return map.get("memory").toString();
  }

  private List<String> events(Job job, Pod pod, List<String> missing) {
    try {
      String ns = job.getMetadata().getNamespace();
      List<Event> events = new ArrayList<>(eventsFor(ns, job.getMetadata().getName()));
      if (pod != null) {
        events.addAll(eventsFor(ns, pod.getMetadata().getName()));
      }
      return events.stream()
          .sorted(Comparator.comparing(e -> Objects.toString(e.getLastTimestamp(), "")))
          .map(e -> String.format("%s %s %s/%s: %s", e.getType(), e.getReason(),
              e.getInvolvedObject().getKind(), e.getInvolvedObject().getName(), redactor.redact(
                  Objects.toString(e.getMessage(), ""))))
          .distinct()
          .limit(20)
          .toList();
    } catch (KubernetesClientException e) {
      missing.add("events could not be listed: " + e.getMessage());
      return List.of();
    }
  }

  private List<Event> eventsFor(String ns, String name) {
    return client.v1().events().inNamespace(ns).withField("involvedObject.name", name).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
        // The healer's own Events (Diagnosed, HealAttempted…) are what it said, not what happened to the run.
        .filter(e -> e.getSource() == null || !Labels.EVENT_COMPONENT.equals(e.getSource().getComponent()))
        .filter(e -> !Objects.toString(e.getReason(), "").startsWith("Heal"))
        .toList();
  }

  private LogTail readLog(Pod pod, String container, List<String> missing) {
    String source = String.format("pod %s/%s (tailLines=%d, limitBytes=%d)",
        pod.getMetadata().getName(), container, limits.tailLines(), limits.limitBytes());
    try {
      String text =
          client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
              .inContainer(container).limitBytes(limits.limitBytes()).tailingLines(limits.tailLines()).getLog();
      if (text == null || text.isEmpty()) {
        missing.add("the log of " + source + " is empty");
        return LogTail.EMPTY;
      }
      long lines = text.chars().filter(ch -> ch == '\n').count();
      boolean truncated = lines >= limits.tailLines() - 1 || text.length() >= limits.limitBytes();
      return new LogTail(redactor.redact(text), 1, truncated, source);
    } catch (KubernetesClientException e) {
      missing.add("the log of " + source + " could not be read: " + e.getMessage());
      return LogTail.EMPTY;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
