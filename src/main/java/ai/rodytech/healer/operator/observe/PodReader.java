package ai.rodytech.healer.operator.observe;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.operator.ApiCalls;
import ai.rodytech.healer.operator.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the evidence a failed pod leaves, for every run kind (a Job's pods, a Tekton TaskRun's pod, an Argo
 * node's pod): termination states (including a container restarted in place, whose failure is in
 * {@code lastState}), recent Events, newest first, and a bounded log tail that keeps the end of the log. Never
 * changes the cluster; what it cannot read goes to {@code missing}.
 */
public final class PodReader {
  private static final int EVENTS_KEPT = 20;
  /** How long the log endpoint may take to start answering. */
  private static final Duration LOG_TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final ApiCalls api;
  private final Redactor redactor;
  private final LogLimits limits;

  public PodReader(KubernetesClient client, Redactor redactor, LogLimits limits) {
    this.client = client;
    this.api = ApiCalls.of(client);
    this.redactor = redactor;
    this.limits = limits;
  }

  /**
   * How one container ended.
   *
   * @param container its name
   * @param exitCode its exit code
   * @param reason its termination reason (OOMKilled, Error, DeadlineExceeded…)
   * @param previous whether this was a previous instance of a container restarted in place (restartPolicy
   *     OnFailure): its log is then read with previous=true
   * @param stopped whether the container did not fail on its own but was stopped because its pod was being deleted
   *     (a Job's deadline, its backoff limit under OnFailure): what ended the run is then the deleter's reason
   */
  public record Termination(String container, Integer exitCode, String reason, boolean previous, boolean stopped) {
    public Termination(String container, Integer exitCode, String reason, boolean previous) {
      this(container, exitCode, reason, previous, false);
    }
  }

  /** The pods with that label, oldest first; empty (and a note in {@code missing}) when they cannot be listed. */
  public List<Pod> pods(String namespace, String label, String value, List<String> missing) {
    try {
      List<Pod> pods = new ArrayList<>(
          api.list(ApiCalls.collection(Pod.class, namespace), label + "=" + value, PodList.class).getItems());
      pods.sort(Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")));
      return pods;
    } catch (KubernetesClientException e) {
      missing.add("pods could not be listed: " + e.getMessage());
      return List.of();
    }
  }

  /** Every container status of the pod, init containers first (they run first), by name. */
  public static Map<String, ContainerStatus> statuses(Pod pod) {
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

  /**
   * Native sidecars (init containers with restartPolicy Always): they run beside the work and are stopped when
   * it ends, so their termination is never the failure.
   */
  public static Set<String> sidecars(Pod pod) {
    Set<String> names = new HashSet<>();
    if (pod != null && pod.getSpec() != null && pod.getSpec().getInitContainers() != null) {
      for (Container c : pod.getSpec().getInitContainers()) {
        if ("Always".equals(c.getRestartPolicy())) {
          names.add(c.getName());
        }
      }
    }
    return names;
  }

  /**
   * The first container (init containers first) that ended with a non-zero code, sidecars and the names in
   * {@code skipped} left out: its current termination, else the last terminated instance of a container that was
   * restarted in place. A container of a pod being deleted that ended on the deletion's signal (143, or 137 without
   * OOMKilled once the grace period ran out) did not fail on its own: an earlier failure of it, if any, comes first,
   * else it is returned marked {@code stopped}.
   */
  public static Optional<Termination> failed(Pod pod, Set<String> skipped) {
    Set<String> skip = new HashSet<>(skipped);
    skip.addAll(sidecars(pod));
    List<ContainerStatus> candidates =
        statuses(pod).values().stream().filter(s -> !skip.contains(s.getName())).toList();
    boolean deleting = pod != null && pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
    Termination stopped = null;
    for (ContainerStatus s : candidates) {
      ContainerStateTerminated now = s.getState() == null ? null : s.getState().getTerminated();
      if (now != null && now.getExitCode() != null && now.getExitCode() != 0) {
        if (!deleting || !onDeletionSignal(now)) {
          return Optional.of(new Termination(s.getName(), now.getExitCode(), now.getReason(), false));
        }
        if (stopped == null) {
          stopped = new Termination(s.getName(), now.getExitCode(), now.getReason(), false, true);
        }
      }
    }
    for (ContainerStatus s : candidates) {
      ContainerStateTerminated last = s.getLastState() == null ? null : s.getLastState().getTerminated();
      if (last != null && last.getExitCode() != null && last.getExitCode() != 0) {
        return Optional.of(new Termination(s.getName(), last.getExitCode(), last.getReason(), true));
      }
    }
    return Optional.ofNullable(stopped);
  }

  /** SIGTERM (143), or SIGKILL (137) that was not the kernel's OOM killer: how the kubelet stops a container. */
  private static boolean onDeletionSignal(ContainerStateTerminated t) {
    return t.getExitCode() == 143 || t.getExitCode() == 137 && !"OOMKilled".equals(t.getReason());
  }

  /** How a named container ended: its current termination, else its last one; empty when it never ended. */
  public static Optional<Termination> termination(ContainerStatus s) {
    if (s == null) {
      return Optional.empty();
    }
    if (s.getState() != null && s.getState().getTerminated() != null) {
      ContainerStateTerminated t = s.getState().getTerminated();
      return Optional.of(new Termination(s.getName(), t.getExitCode(), t.getReason(), false));
    }
    if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
      ContainerStateTerminated t = s.getLastState().getTerminated();
      return Optional.of(new Termination(s.getName(), t.getExitCode(), t.getReason(), true));
    }
    return Optional.empty();
  }

  /**
   * The newest Events of the named objects (the healer's own left out), oldest of those first, one line each,
   * redacted. One list call per name.
   */
  public List<String> events(String namespace, List<String> names, List<String> missing) {
    try {
      List<Event> events = new ArrayList<>();
      for (String name : names) {
        events.addAll(client.v1().events().inNamespace(namespace).withField("involvedObject.name", name).list()
            .getItems().stream()
            .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
            // The healer's own Events (HealAttempted…) are what it said, not what happened to the run.
            .filter(e -> e.getSource() == null || !Labels.EVENT_COMPONENT.equals(e.getSource().getComponent()))
            .toList());
      }
      List<String> lines = events.stream()
          .sorted(Comparator.comparing(PodReader::lastSeen).reversed())
          .map(e -> String.format("%s %s %s/%s: %s", e.getType(), e.getReason(),
              e.getInvolvedObject().getKind(), e.getInvolvedObject().getName(),
              redactor.redact(Objects.toString(e.getMessage(), ""))))
          .distinct()
          .limit(EVENTS_KEPT)
          .toList();
      List<String> oldestFirst = new ArrayList<>(lines);
      java.util.Collections.reverse(oldestFirst);
      return oldestFirst;
    } catch (KubernetesClientException e) {
      missing.add("events could not be listed: " + e.getMessage());
      return List.of();
    }
  }

  private static String lastSeen(Event e) {
    String at = e.getLastTimestamp();
    if (at == null && e.getEventTime() != null) {
      at = e.getEventTime().getTime();
    }
    return Objects.toString(at, Objects.toString(e.getFirstTimestamp(), ""));
  }

  /**
   * The tail of a container's log, redacted, keeping its end. The API's limitBytes keeps the start of the lines it
   * selects, so with long lines the end (where the error is) would be cut: instead the last {@code tailLines}
   * lines are streamed and only their last {@code limitBytes} bytes kept (flat memory). A transfer past a bound
   * asks again for fewer lines; a single line longer than everything is read to its end up to a larger bound.
   */
  public LogTail log(Pod pod, String container, boolean previous, List<String> missing) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    int lines = limits.tailLines();
    String source = "";
    try {
      while (true) {
        source = String.format("pod %s/%s%s (tailLines=%d, last %d bytes)", name, container,
            previous ? " previous instance" : "", lines, limits.limitBytes());
        long bound = (long) limits.limitBytes() * (lines == 1 ? 256 : 8);
        TailBuffer tail = new TailBuffer(limits.limitBytes());
        boolean complete;
        try (InputStream in = logStream(ns, name, container, previous, lines)) {
          complete = tail.readFrom(in, bound);
        }
        if (!complete && lines > 1) {
          lines = Math.max(1, lines / 16);
          continue;
        }
        String text = tail.text();
        if (text.isEmpty()) {
          missing.add("the log of " + source + " is empty");
          return LogTail.EMPTY;
        }
        if (!complete) {
          missing.add("the last line of the log of " + source + " is longer than " + bound + " bytes; its end was not read");
        }
        long count = text.chars().filter(ch -> ch == '\n').count();
        boolean truncated = tail.dropped() || count >= lines - 1 || !complete;
        return new LogTail(redactor.redact(tail.dropped() ? "[…] " + text : text), 1, truncated, source);
      }
    } catch (KubernetesClientException | IOException e) {
      missing.add("the log of " + source + " could not be read: " + e.getMessage());
      return LogTail.EMPTY;
    }
  }

  /**
   * The log as a stream: one GET of the pod's log endpoint. Sent as a plain request because fabric8's log reader
   * first lists the pod to wait for it to be ready, a second call for a pod that has ended anyway.
   */
  private InputStream logStream(String ns, String pod, String container, boolean previous, int lines)
      throws IOException {
    ApiCalls.Stream response = api.stream("/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?container="
        + URLEncoder.encode(container, StandardCharsets.UTF_8) + "&tailLines=" + lines
        + (previous ? "&previous=true" : ""), LOG_TIMEOUT);
    if (response.code() < 200 || response.code() > 299) {
      String body;
      try (InputStream error = response.body()) {
        body = error == null ? "" : new String(error.readNBytes(2048), StandardCharsets.UTF_8);
      }
      throw new IOException("HTTP " + response.code() + ": " + body);
    }
    return response.body();
  }
}
