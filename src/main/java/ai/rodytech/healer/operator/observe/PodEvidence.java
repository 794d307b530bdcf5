package ai.rodytech.healer.operator.observe;

import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.operator.observe.PodReader.Termination;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Evidence taken from pods while they still exist, for the runs whose pods are deleted before the run is reported
 * failed: since Kubernetes 1.31 the job controller deletes a running pod at the Job's deadline, and at the backoff
 * limit under {@code restartPolicy: OnFailure}, before it writes {@code Failed}; a Job with
 * {@code ttlSecondsAfterFinished: 0} takes its pods with it at once; Argo's pod GC deletes a workflow's pods 5 s after
 * they ended by default. A watch of the pods tells this class when a
 * container fails or a pod starts being deleted; it then reads the log tail (the previous instance's for a container
 * restarted in place) at once, and keeps the pod's last state after it is gone. The observer reads the live pods
 * first and falls back on what was kept here.
 *
 * <p>Bounded: the pods of at most {@value #RUNS_KEPT} runs, for at most an hour, and {@value #LOG_CHARS_KEPT}
 * characters of log in all; oldest first out. The run count is high enough for a burst of failures the reconcilers
 * take seconds to reach (with 256, a burst of 1,000 had a third of its logs read twice: evidence read by the watch
 * was dropped before the observer asked for it); the character bound keeps the memory small. Never changes the
 * cluster.
 */
public final class PodEvidence {
  static final int RUNS_KEPT = 4096;
  static final int OBSERVED_KEPT = 4096;
  static final int LOG_CHARS_KEPT = 16 * 1024 * 1024;
  /**
   * Log reads waiting for a reader thread. As many as the runs kept: with 256, a burst of 500 workflows under Argo's
   * pod GC (5 s) lost three logs in four — the reads refused were left to the observer, which came after the GC.
   */
  static final int READS_QUEUED = RUNS_KEPT;
  /** Threads reading logs: a read mostly waits for the API server, so a burst needs several under way at once. */
  static final int READERS = 8;
  private static final Duration KEPT_FOR = Duration.ofHours(1);
  /** How long an observer waits for a log read that is under way for its run. */
  private static final Duration PENDING_WAIT = Duration.ofSeconds(5);

  private final PodReader reader;
  private final Clock clock;
  private final Map<String, Map<String, Captured>> byRun = new LinkedHashMap<>();
  private final Map<String, List<Read>> pending = new HashMap<>();
  private ExecutorService readers;
  private volatile Function<String, List<Pod>> livePods;
  /** Runs an observer has already read (their logs need not be read again when the watch catches up). */
  private final Map<String, Boolean> observed = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > OBSERVED_KEPT;
    }
  };
  private int logChars;

  public PodEvidence(PodReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  /**
   * One pod of a run as last seen, with the logs read from it while it existed.
   *
   * @param pod the pod's last known state
   * @param logs log tails by container and instance
   * @param gone whether the pod has been deleted since
   */
  public record Captured(Pod pod, Map<LogKey, LogTail> logs, boolean gone, Instant seen) {
    public Optional<LogTail> log(String container, boolean previous) {
      return Optional.ofNullable(logs.get(new LogKey(container, previous)));
    }

    public String name() {
      return pod.getMetadata().getName();
    }
  }

  /** A container's current instance ({@code previous = false}) or the one before it restarted in place. */
  public record LogKey(String container, boolean previous) {}

  /**
   * A log read queued for a run: whoever claims it first does it — a reader thread, or the observer that needs the
   * run's evidence before the read has started (and then reads the live pod itself rather than wait in the queue).
   */
  private record Read(AtomicBoolean claimed, CompletableFuture<Void> done) {
    Read() {
      this(new AtomicBoolean(), new CompletableFuture<>());
    }

    boolean claim() {
      return claimed.compareAndSet(false, true);
    }
  }

  /**
   * Where the watched pods of a run are cached ({@code run} UID to its pods, as the watch last saw them; empty when
   * none is cached, null when the cache does not know them all), or null when no watch runs.
   */
  public void cachePods(Function<String, List<Pod>> cache) {
    this.livePods = cache;
  }

  /** The run's pods as the watch last saw them (slim), or empty when no watch runs or it does not know them all. */
  public Optional<List<Pod>> livePods(String run) {
    Function<String, List<Pod>> cache = livePods;
    return cache == null ? Optional.empty() : Optional.ofNullable(cache.apply(run));
  }

  /** Starts the threads that read logs (a watch calls this when it starts). */
  public synchronized void start() {
    if (readers == null) {
      AtomicInteger count = new AtomicInteger();
      readers = new ThreadPoolExecutor(READERS, READERS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(READS_QUEUED), r -> {
        Thread thread = new Thread(r, "healer-pod-evidence-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      }, new ThreadPoolExecutor.AbortPolicy());
    }
  }

  /** Stops reading logs; what was kept stays readable. */
  public synchronized void stop() {
    if (readers != null) {
      readers.shutdownNow();
      readers = null;
    }
  }

  /**
   * A pod of {@code run} changed from {@code before} (null when first seen) to {@code after}. Reads the log of a
   * container that has just failed, and of every working container of a pod that has just started being deleted
   * before it ended.
   */
  public void changed(String run, Pod before, Pod after) {
    List<LogKey> wanted = new ArrayList<>();
    // A failure the observer has read already (the watch's event can come after the Job's) is not read twice.
    boolean seen;
    synchronized (this) {
      seen = observed.containsKey(run);
    }
    failedInstance(after).filter(t -> !seen && !t.equals(failedInstance(before).orElse(null)))
        .ifPresent(t -> wanted.add(new LogKey(t.container(), t.previous())));
    if (deletionStarted(before, after) && !"Succeeded".equals(phase(after))) {
      Set<String> sidecars = PodReader.sidecars(after);
      for (ContainerStatus s : PodReader.statuses(after).values()) {
        if (sidecars.contains(s.getName())) {
          continue;
        }
        PodReader.termination(s).filter(t -> t.previous() && failure(t))
            .ifPresent(t -> wanted.add(new LogKey(s.getName(), true)));
        if (s.getState() != null && (s.getState().getRunning() != null
            || s.getState().getTerminated() != null && !Integer.valueOf(0).equals(s.getState().getTerminated()
                .getExitCode()))) {
          wanted.add(new LogKey(s.getName(), false));
        }
      }
    }
    synchronized (this) {
      Map<String, Captured> pods = byRun.get(run);
      Captured known = pods == null ? null : pods.get(after.getMetadata().getName());
      if (known != null) {
        pods.put(known.name(), new Captured(after, known.logs(), false, clock.instant()));
      }
      if (wanted.isEmpty() || readers == null) {
        return;
      }
      Read read = new Read();
      try {
        readers.execute(() -> {
          try {
            if (read.claim()) {
              read(run, after, wanted);
            }
          } finally {
            read.done().complete(null);
          }
        });
      } catch (RejectedExecutionException e) {
        // Too many reads queued (a burst of failures): the observer reads these pods itself while they exist.
        return;
      }
      pending.computeIfAbsent(run, r -> new ArrayList<>()).add(read);
      read.done().whenComplete((ok, error) -> settled(run, read));
    }
  }

  /** Whether log reads for {@code run} are queued or under way. */
  public synchronized boolean reading(String run) {
    return pending.containsKey(run);
  }

  /** A pod of {@code run} was deleted; its last state is kept when it showed a failure or was captured already. */
  public synchronized void deleted(String run, Pod last) {
    Map<String, Captured> pods = byRun.get(run);
    Captured known = pods == null ? null : pods.get(last.getMetadata().getName());
    if (known != null) {
      pods.put(known.name(), new Captured(last, known.logs(), true, clock.instant()));
    } else if (PodReader.failed(last, Set.of()).isPresent()) {
      keep(run, new Captured(last, Map.of(), true, clock.instant()));
    }
  }

  /**
   * What was kept of the run's pods, oldest first. Waits a moment for log reads still under way for the run: a
   * Job's failure is often reported while its pod's log is being read here.
   */
  public List<Captured> of(String run) {
    List<Read> reads;
    synchronized (this) {
      reads = List.copyOf(pending.getOrDefault(run, List.of()));
    }
    // A read still queued is taken over (the observer reads the live pod itself); one under way is waited for.
    List<CompletableFuture<Void>> underWay = new ArrayList<>();
    for (Read read : reads) {
      if (read.claim()) {
        read.done().complete(null);
      } else {
        underWay.add(read.done());
      }
    }
    try {
      CompletableFuture.allOf(underWay.toArray(CompletableFuture[]::new))
          .get(PENDING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      // What was read in time is still used.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      observed.put(run, Boolean.TRUE);
      expire();
      return List.copyOf(byRun.getOrDefault(run, Map.of()).values());
    }
  }

  private void read(String run, Pod pod, List<LogKey> wanted) {
    Map<LogKey, LogTail> logs = new LinkedHashMap<>();
    for (LogKey key : wanted) {
      List<String> ignored = new ArrayList<>();
      LogTail tail = reader.log(pod, key.container(), key.previous(), ignored);
      if (!tail.isEmpty()) {
        logs.put(key, tail);
      }
    }
    synchronized (this) {
      Captured known = byRun.getOrDefault(run, Map.of()).get(pod.getMetadata().getName());
      Map<LogKey, LogTail> all = new LinkedHashMap<>(known == null ? Map.of() : known.logs());
      all.putAll(logs);
      keep(run, new Captured(known == null ? pod : known.pod(), all, known != null && known.gone(),
          clock.instant()));
    }
  }

  private synchronized void settled(String run, Read read) {
    List<Read> reads = pending.get(run);
    if (reads != null) {
      reads.remove(read);
      if (reads.isEmpty()) {
        pending.remove(run);
      }
    }
  }

  private void keep(String run, Captured pod) {
    Map<String, Captured> pods = byRun.remove(run);
    if (pods == null) {
      pods = new LinkedHashMap<>();
    }
    Captured old = pods.put(pod.name(), pod);
    logChars += chars(pod) - (old == null ? 0 : chars(old));
    byRun.put(run, pods); // most recently written last
    while (byRun.size() > RUNS_KEPT || logChars > LOG_CHARS_KEPT && byRun.size() > 1) {
      dropOldest();
    }
  }

  private void expire() {
    Instant cutoff = clock.instant().minus(KEPT_FOR);
    while (!byRun.isEmpty() && byRun.values().iterator().next().values().stream()
        .allMatch(c -> c.seen().isBefore(cutoff))) {
      dropOldest();
    }
  }

  private void dropOldest() {
    String oldest = byRun.keySet().iterator().next();
    byRun.remove(oldest).values().forEach(c -> logChars -= chars(c));
  }

  private static int chars(Captured pod) {
    return pod.logs().values().stream().mapToInt(t -> t.text().length()).sum();
  }

  /**
   * What this class and an observer need of a pod: names, labels, owners, deletion, which init containers are
   * sidecars, and of its status what is read ({@link #slim(PodStatus)}). Its spec's environment, volumes and
   * commands are left out.
   */
  public static Pod slim(Pod pod) {
    return slim(pod, Set.of(), false);
  }

  /**
   * As {@link #slim(Pod)}, keeping also each container's resources and plain environment, and these annotations:
   * what an engine's observer reads of a pod the engine wrote (the step as it ran, the node it ran for).
   */
  public static UnaryOperator<Pod> slimWithContainers(Set<String> annotations) {
    return pod -> slim(pod, annotations, true);
  }

  private static Pod slim(Pod pod, Set<String> annotations, boolean containers) {
    ObjectMeta meta = pod.getMetadata();
    Pod slim = new Pod();
    slim.setApiVersion(pod.getApiVersion());
    slim.setKind(pod.getKind());
    Map<String, String> kept = new LinkedHashMap<>();
    if (meta.getAnnotations() != null) {
      annotations.forEach(a -> Optional.ofNullable(meta.getAnnotations().get(a)).ifPresent(v -> kept.put(a, v)));
    }
    slim.setMetadata(Slim.metadata(meta)
        .withDeletionTimestamp(meta.getDeletionTimestamp())
        .withAnnotations(kept.isEmpty() ? null : kept)
        .build());
    if (pod.getSpec() != null) {
      PodSpec spec = new PodSpec();
      spec.setNodeName(pod.getSpec().getNodeName());
      spec.setContainers(containers(pod.getSpec().getContainers(), containers));
      spec.setInitContainers(containers(pod.getSpec().getInitContainers(), containers));
      slim.setSpec(spec);
    }
    slim.setStatus(slim(pod.getStatus()));
    return slim;
  }

  /**
   * What is read of a pod's status: its phase, reason and message, its start, and each container's instance as it
   * runs or ended (image, digest, restarts, state and last state, readiness) — not its conditions, addresses or
   * container IDs, which are most of a cached pod's memory.
   */
  private static PodStatus slim(PodStatus status) {
    if (status == null) {
      return null;
    }
    PodStatus slim = new PodStatus();
    slim.setPhase(status.getPhase());
    slim.setReason(status.getReason());
    slim.setMessage(status.getMessage());
    slim.setStartTime(status.getStartTime());
    slim.setContainerStatuses(statuses(status.getContainerStatuses()));
    slim.setInitContainerStatuses(statuses(status.getInitContainerStatuses()));
    return slim;
  }

  private static List<ContainerStatus> statuses(List<ContainerStatus> statuses) {
    if (statuses == null) {
      return null;
    }
    return statuses.stream().map(s -> {
      ContainerStatus slim = new ContainerStatus();
      slim.setName(s.getName());
      slim.setImage(s.getImage());
      slim.setImageID(s.getImageID());
      slim.setRestartCount(s.getRestartCount());
      slim.setReady(s.getReady());
      slim.setStarted(s.getStarted());
      slim.setState(withoutContainerId(s.getState()));
      slim.setLastState(withoutContainerId(s.getLastState()));
      return slim;
    }).toList();
  }

  private static ContainerState withoutContainerId(ContainerState state) {
    if (state == null || state.getTerminated() == null || state.getTerminated().getContainerID() == null) {
      return state;
    }
    ContainerStateTerminated ended = new ContainerStateTerminatedBuilder(state.getTerminated())
        .withContainerID(null).build();
    return new ContainerState(state.getRunning(), ended, state.getWaiting());
  }

  private static List<Container> containers(List<Container> containers, boolean whole) {
    return Optional.ofNullable(containers).orElse(List.of()).stream().map(c -> {
      Container slim = new Container();
      slim.setName(c.getName());
      slim.setImage(c.getImage());
      slim.setRestartPolicy(c.getRestartPolicy());
      if (whole) {
        slim.setResources(c.getResources());
        slim.setEnv(Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
            .filter(e -> e.getValueFrom() == null).toList());
      }
      return slim;
    }).toList();
  }

  /**
   * A run's pods as an observer sees them: those there now, what was kept of those gone (by name), and all of them
   * by creation.
   */
  public record Seen(List<Pod> live, Map<String, Captured> kept, List<Pod> all) {
    public static final Seen NONE = new Seen(List.of(), Map.of(), List.of());
  }

  /**
   * The run's pods for an observer: what was kept of those gone (after the reads under way, {@link #of}), and those
   * there now from the watch's cache when it, or what was kept, shows how the run ended (no call), else from
   * {@code listed}, the API server's answer (the cache may lag the run's own status).
   */
  public Seen seen(String run, Supplier<List<Pod>> listed) {
    return seen(run, PodEvidence::showsAnEnd, listed);
  }

  /**
   * As {@link #seen(String, Supplier)}, with the kind's own test of whether the cached pods are current enough
   * ({@code current}); what was kept showing an end makes them so too.
   */
  public Seen seen(String run, Predicate<List<Pod>> current, Supplier<List<Pod>> listed) {
    Map<String, Captured> kept = new LinkedHashMap<>();
    of(run).forEach(c -> kept.put(c.name(), c));
    boolean keptAnEnd = kept.values().stream()
        .anyMatch(c -> c.gone() || PodReader.failed(c.pod(), Set.of()).isPresent());
    List<Pod> live = livePods(run).filter(cached -> keptAnEnd || current.test(cached)).orElseGet(listed);
    return new Seen(live, kept, merged(live, kept));
  }

  /** Whether cached pods already show a failed container or a pod being deleted (the cache may lag the run). */
  private static boolean showsAnEnd(List<Pod> cached) {
    return cached.stream().anyMatch(p -> p.getMetadata().getDeletionTimestamp() != null
        || PodReader.failed(p, Set.of()).isPresent());
  }

  /** The live pods as they are now, and the pods already gone as they were last seen; by creation. */
  private static List<Pod> merged(List<Pod> live, Map<String, Captured> kept) {
    List<Pod> all = new ArrayList<>(live);
    Set<String> names = new HashSet<>();
    live.forEach(p -> names.add(p.getMetadata().getName()));
    kept.values().stream().filter(c -> !names.contains(c.name())).forEach(c -> all.add(c.pod()));
    all.sort(Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")));
    return all;
  }

  /**
   * A container's log: read from the pod while it exists, else what was read from it before it went (a pod
   * deleted on a deadline or at the backoff limit, with its Job by a short TTL, or by Argo's pod GC).
   *
   * @param seen the run's pods, {@code pod} one of them
   */
  public LogTail log(Seen seen, Pod pod, String container, boolean previous, List<String> missing) {
    Captured kept = seen.kept().get(pod.getMetadata().getName());
    boolean live = seen.live().contains(pod);
    List<String> notes = new ArrayList<>();
    Optional<LogTail> read = kept == null ? Optional.empty() : kept.log(container, previous);
    if (live && read.isPresent() && PodReader.failed(pod, Set.of()).isPresent()) {
      // Read by the pod watch when the container failed: a finished container's log does not change.
      return read.get();
    }
    if (live) {
      LogTail tail = reader.log(pod, container, previous, notes);
      if (!tail.isEmpty()) {
        missing.addAll(notes);
        return tail;
      }
    }
    if (read.isPresent()) {
      LogTail tail = read.get();
      return new LogTail(tail.text(), tail.firstLineNumber(), tail.truncated(),
          tail.source() + ", read as the pod ended");
    }
    missing.addAll(notes);
    if (!live) {
      missing.add("pod " + pod.getMetadata().getName() + " was deleted before its log could be read");
    }
    return LogTail.EMPTY;
  }

  /** The failed container instance of the pod, the sidecars left out. */
  private static Optional<Termination> failedInstance(Pod pod) {
    return pod == null ? Optional.empty() : PodReader.failed(pod, Set.of());
  }

  private static boolean failure(Termination t) {
    return t.exitCode() != null && t.exitCode() != 0;
  }

  private static boolean deletionStarted(Pod before, Pod after) {
    return after.getMetadata().getDeletionTimestamp() != null
        && (before == null || before.getMetadata().getDeletionTimestamp() == null);
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }
}
