package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the controllers of a cluster that run batch/v1 Jobs on an {@link InProcessCluster}, as Kubernetes 1.31
 * does: the job controller (pods one at a time, the backoff limit, the deadline, FailureTarget before Failed,
 * FailedCreate when the API refuses a pod), the TTL-after-finished controller, the scheduler and the kubelet
 * (containers run as a {@link RunScript} says, restarts in place, crash-loop and image-pull back-off, native
 * sidecars, graceful deletion). See docs/simulation.md. It watches Jobs and pods in process
 * ({@link InProcessCluster#watch}); the watch threads only hand work over; it runs on a small scheduled pool, so
 * thousands of Jobs at once are fine.
 */
public final class SimulatedKubelet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedKubelet.class);

  private final KubernetesClient client;
  private final RunScript script;
  private final Consumer<FinishedRun> onFinished;
  private final ScheduledExecutorService pool;
  private final SimulationContext sim;
  private final List<InProcessWatch> watches = new CopyOnWriteArrayList<>();
  private final Map<String, SimulatedJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, SimulatedPod> pods = new ConcurrentHashMap<>();
  private final AtomicLong finished = new AtomicLong();
  private final Listener listener = new Listener();
  private volatile boolean closed;

  private SimulatedKubelet(Builder builder) {
    this.client = builder.cluster.newClient();
    this.script = builder.script;
    this.onFinished = builder.onFinished;
    this.pool = Executors.newScheduledThreadPool(builder.threads, daemonThreads());
    ClusterCalls calls = ClusterCalls.inProcess(builder.cluster, client.getConfiguration().getUserAgent());
    this.sim = new SimulationContext(calls, pool, builder.clock, builder.speed, builder.cluster.podLogs(),
        builder.unpullable);
  }

  /** A kubelet for {@code cluster}; configure it, then {@link Builder#start()}. */
  public static Builder builder(InProcessCluster cluster) {
    return new Builder(cluster);
  }

  /** Starts a kubelet that watches Jobs in every namespace, at speed 1, and runs them by {@code script}. */
  public static SimulatedKubelet start(InProcessCluster cluster, RunScript script) {
    return builder(cluster).script(script).start();
  }

  /** Jobs taken on so far (running, waiting to start, or done). */
  public long accepted() {
    return jobs.size();
  }

  /** Jobs whose run has ended (their terminal condition written, or abandoned because the Job went). */
  public long finished() {
    return finished.get();
  }

  /**
   * Waits until every Job taken on has finished or waits for ever (a pod that never starts, or pod creates the
   * API refuses, with no deadline to end it); false when {@code timeout} passes first. Work that follows a Job's
   * end (its deletion after ttlSecondsAfterFinished) is not waited for.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!jobs.values().stream().allMatch(SimulatedJob::settled)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    watches.forEach(InProcessWatch::close);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  private void watch(InProcessCluster cluster, List<String> namespaces) {
    if (namespaces.isEmpty()) {
      watches.add(cluster.watch("/apis/batch/v1/jobs", this::jobEvent));
      watches.add(cluster.watch("/api/v1/pods", this::podEvent));
    } else {
      namespaces.forEach(ns -> {
        watches.add(cluster.watch("/apis/batch/v1/namespaces/" + ns + "/jobs", this::jobEvent));
        watches.add(cluster.watch("/api/v1/namespaces/" + ns + "/pods", this::podEvent));
      });
    }
  }

  /**
   * A new unfinished Job goes to the pool; a running one hears that its Job is going. Only a Job not seen before
   * is read whole.
   */
  private void jobEvent(Action action, String json) {
    if (closed) {
      return;
    }
    ObjectHead head = ObjectHead.of(json);
    if (head.uid() == null) {
      return;
    }
    SimulatedJob known = jobs.get(head.uid());
    if (known != null) {
      if (action == Action.DELETED || head.deleting()) {
        sim.soon(known::cancel);
      }
      return;
    }
    if (action == Action.ADDED || action == Action.MODIFIED) {
      Job job = Serialization.unmarshal(json, Job.class);
      if (isNew(job)) {
        SimulatedJob run = new SimulatedJob(sim, job, script, listener);
        if (jobs.putIfAbsent(head.uid(), run) == null && !sim.soon(run::start)) {
          // Closed meanwhile: the Job stays unstarted, as on a cluster whose controllers went away.
          finished.incrementAndGet();
        }
      }
    }
  }

  /** The kubelet's pods hear that they are being deleted, or are gone. */
  private void podEvent(Action action, String json) {
    if (closed) {
      return;
    }
    ObjectHead head = ObjectHead.of(json);
    String key = head.namespace() + "/" + head.name();
    SimulatedPod known = pods.get(key);
    if (known == null || !known.uid().equals(head.uid())) {
      return;
    }
    if (action == Action.DELETED) {
      pods.remove(key, known);
      sim.soon(known::removed);
    } else if (head.deleting()) {
      sim.soon(known::terminate);
    }
  }

  /** Not yet started by anyone, not finished, not suspended, not being deleted. */
  private static boolean isNew(Job job) {
    var status = job.getStatus();
    boolean started = status != null && (status.getStartTime() != null || !status.getConditions().isEmpty());
    return !started && !Boolean.TRUE.equals(job.getSpec().getSuspend())
        && job.getMetadata().getDeletionTimestamp() == null;
  }

  private final class Listener implements SimulatedJob.Listener {
    @Override
    public void podCreated(SimulatedPod pod) {
      pods.put(pod.namespace() + "/" + pod.name(), pod);
    }

    @Override
    public void finished(FinishedRun run) {
      onFinished.accept(run);
      finished.incrementAndGet();
    }

    @Override
    public void abandoned(SimulatedJob job, RuntimeException cause) {
      if (cause != null && !closed) {
        LOG.warn("simulated job controller gave up on Job {}: {}", job.uid(), cause.toString());
      }
      finished.incrementAndGet();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sim-kubelet-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Options of a {@link SimulatedKubelet}. */
  public static final class Builder {
    private final InProcessCluster cluster;
    private RunScript script = RunScript.always(RunOutcome.succeeded("", Duration.ZERO));
    private double speed = 1.0;
    private List<String> namespaces = List.of();
    private int threads = 2;
    private Clock clock = Clock.systemUTC();
    private Consumer<FinishedRun> onFinished = run -> {};
    private Predicate<String> unpullable = image -> false;

    private Builder(InProcessCluster cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** How runs end; by default every run succeeds at once with an empty log. */
    public Builder script(RunScript script) {
      this.script = Objects.requireNonNull(script, "script");
      return this;
    }

    /**
     * Divides every run's duration and every delay of the simulated controllers (back-offs, deadlines, TTLs): 10
     * runs ten times faster, 0.5 twice slower. Times written into objects stay wall-clock times.
     */
    public Builder speed(double speed) {
      if (!(speed > 0)) {
        throw new IllegalArgumentException("speed must be positive, got " + speed);
      }
      this.speed = speed;
      return this;
    }

    /** Watches only these namespaces (default: all). */
    public Builder namespaces(String... namespaces) {
      this.namespaces = List.of(namespaces);
      return this;
    }

    /** Threads that create pods and write statuses (default 2). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** The clock for the times written into statuses and events (delays follow the speed, not this clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Images the kubelet cannot pull (the registry answers "not found"): a pod using one stays Pending with the
     * container waiting in ErrImagePull, then ImagePullBackOff. {@code reference} is the image as the pod spec
     * writes it.
     */
    public Builder unpullable(Predicate<String> reference) {
      this.unpullable = Objects.requireNonNull(reference, "reference");
      return this;
    }

    /** Any image pinned to one of these digests ({@code sha256:...}) cannot be pulled. */
    public Builder unpullableDigests(String... digests) {
      List<String> pinned = List.of(digests);
      return unpullable(image -> pinned.stream().anyMatch(d -> image.endsWith("@" + d)));
    }

    /**
     * Called on a kubelet thread right after a Job's terminal condition is written (before its event); keep it
     * quick, e.g. record a time.
     */
    public Builder onFinished(Consumer<FinishedRun> listener) {
      this.onFinished = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public SimulatedKubelet start() {
      SimulatedKubelet kubelet = new SimulatedKubelet(this);
      kubelet.watch(cluster, namespaces);
      return kubelet;
    }
  }
}
