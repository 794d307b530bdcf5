package ai.rodytech.healer.sim;

import ai.rodytech.healer.sim.RunObjects.JobEnding;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the job controller and the kubelet for batch/v1 Jobs on an {@link InProcessCluster}: for each new
 * unfinished Job it asks a {@link RunScript} how the run ends, creates the Job's pod, marks it running with the
 * log stored, and after the outcome's duration (divided by the speed factor) writes the pod's termination, the
 * Job's final status and the controller's events. The watch thread only hands Jobs over; the work runs on a
 * small scheduled pool, so thousands of Jobs at once are fine.
 */
public final class SimulatedKubelet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedKubelet.class);

  private final KubernetesClient client;
  private final PodLogStore logs;
  private final RunScript script;
  private final double speed;
  private final Clock clock;
  private final Consumer<FinishedRun> onFinished;
  private final ControllerWorkers workers;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final AtomicLong events = new AtomicLong();
  private volatile boolean closed;

  private SimulatedKubelet(Builder builder) {
    this.client = builder.cluster.newClient();
    this.logs = builder.cluster.podLogs();
    this.script = builder.script;
    this.speed = builder.speed;
    this.clock = builder.clock;
    this.onFinished = builder.onFinished;
    this.workers = new ControllerWorkers(builder.threads, "sim-kubelet");
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
    return workers.accepted();
  }

  /** Jobs whose run has ended (their final status written, or abandoned because the Job vanished). */
  public long finished() {
    return workers.finished();
  }

  /** Waits until every Job taken on has finished; false when {@code timeout} passes first. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return workers.awaitIdle(timeout);
  }

  @Override
  public void close() {
    closed = true;
    watches.forEach(Watch::close);
    workers.shutdown();
    client.close();
  }

  private void watch(List<String> namespaces) {
    if (namespaces.isEmpty()) {
      watches.add(client.batch().v1().jobs().inAnyNamespace().watch(new JobWatcher(null)));
    } else {
      namespaces.forEach(ns -> watches.add(client.batch().v1().jobs().inNamespace(ns).watch(new JobWatcher(ns))));
    }
  }

  /** Hands each new unfinished Job to the pool; runs on the watch thread, so it does nothing else. */
  private final class JobWatcher implements Watcher<Job> {
    private final String namespace;

    JobWatcher(String namespace) {
      this.namespace = namespace;
    }

    @Override
    public void eventReceived(Action action, Job job) {
      if (!closed && (action == Action.ADDED || action == Action.MODIFIED) && isNew(job)) {
        // Closed meanwhile: the Job stays unstarted, as on a cluster whose kubelet went away.
        workers.accept(job.getMetadata().getUid(), () -> start(job));
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      if (!closed) {
        // The client gave up reconnecting (e.g. 410 Gone); watching again lists the Jobs again.
        LOG.warn("job watch closed ({}); watching again", cause.getMessage());
        watch(namespace == null ? List.of() : List.of(namespace));
      }
    }
  }

  /** Not yet started by anyone, not finished, not suspended. */
  private static boolean isNew(Job job) {
    var status = job.getStatus();
    boolean started = status != null && (status.getStartTime() != null || !status.getConditions().isEmpty());
    return !started && !Boolean.TRUE.equals(job.getSpec().getSuspend());
  }

  private void start(Job job) {
    String ns = job.getMetadata().getNamespace();
    try {
      RunOutcome outcome = Objects.requireNonNull(script.run(job), "the run script returned no outcome");
      Instant started = clock.instant();
      Pod pod = client.pods().inNamespace(ns).resource(RunObjects.pod(job)).create();
      String podName = pod.getMetadata().getName();
      logs.put(ns, podName, RunObjects.outcomeContainer(pod, outcome), outcome.log());
      replaceStatus(podPath(ns, podName), RunObjects.running(pod, outcome, started));
      replaceStatus(jobPath(job), RunObjects.active(started));
      event(job, "Normal", "SuccessfulCreate", "Created pod: " + podName);
      Duration runFor = outcome.duration();
      Long deadlineSeconds = job.getSpec().getActiveDeadlineSeconds();
      boolean overDeadline = deadlineSeconds != null && runFor.compareTo(Duration.ofSeconds(deadlineSeconds)) > 0;
      if (overDeadline) {
        runFor = Duration.ofSeconds(deadlineSeconds);
      }
      boolean deadlineHit = overDeadline;
      workers.schedule(() -> finish(job, pod, outcome, started, deadlineHit), scaled(runFor));
    } catch (RuntimeException e) {
      abandon(job, e);
    }
  }

  private void finish(Job job, Pod pod, RunOutcome outcome, Instant started, boolean deadlineHit) {
    String ns = job.getMetadata().getNamespace();
    try {
      Instant ended = clock.instant();
      // At the deadline the job controller deletes the pod; its container dies of the SIGTERM (143).
      RunOutcome effective =
          deadlineHit ? new RunOutcome(143, "Error", outcome.log(), outcome.duration(), outcome.container(),
              outcome.imageIds()) : outcome;
      JobEnding ending =
          deadlineHit ? JobEnding.DEADLINE_EXCEEDED
              : outcome.succeeded() ? JobEnding.COMPLETE : JobEnding.BACKOFF_LIMIT_EXCEEDED;
      replaceStatus(podPath(ns, pod.getMetadata().getName()), RunObjects.terminated(pod, effective, started, ended));
      replaceStatus(jobPath(job), RunObjects.finished(started, ended, ending));
      onFinished.accept(new FinishedRun(job, outcome, ending.reason, ended, System.nanoTime()));
      event(job, ending.eventType, ending.eventReason, ending.eventMessage);
      workers.finishedOne();
    } catch (RuntimeException e) {
      abandon(job, e);
    }
  }

  private void abandon(Job job, RuntimeException e) {
    if (!closed) {
      LOG.warn("simulated kubelet gave up on Job {}/{}: {}", job.getMetadata().getNamespace(),
          job.getMetadata().getName(), e.toString());
    }
    workers.finishedOne();
  }

  /**
   * Writes a whole status in one request without a resourceVersion, as a JSON patch that adds /status (an add
   * of an existing member replaces it), so that concurrent writes to the object never conflict. Sent directly:
   * fabric8's subresource patch reads the object first, which would double the kubelet's requests.
   */
  private void replaceStatus(String objectPath, Object status) {
    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(status) + "}]";
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(client.getMasterUrl().toString().replaceAll("/$", "") + objectPath + "/status")
            .method("PATCH", "application/json-patch+json", patch)
            .build();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted writing the status of " + objectPath, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KubernetesClientException("cannot write the status of " + objectPath, e);
    }
    if (!response.isSuccessful()) {
      throw new KubernetesClientException(
          "status write of " + objectPath + " answered " + response.code() + ": " + response.body(),
          response.code(), null);
    }
  }

  private static String podPath(String namespace, String name) {
    return "/api/v1/namespaces/" + namespace + "/pods/" + name;
  }

  private static String jobPath(Job job) {
    return "/apis/batch/v1/namespaces/" + job.getMetadata().getNamespace() + "/jobs/" + job.getMetadata().getName();
  }

  private void event(Job job, String type, String reason, String message) {
    client.v1().events().inNamespace(job.getMetadata().getNamespace())
        .resource(RunObjects.event(job, type, reason, message, clock.instant(), events.incrementAndGet()))
        .create();
  }

  private long scaled(Duration duration) {
    return (long) (duration.toNanos() / speed);
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

    private Builder(InProcessCluster cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** How runs end; by default every run succeeds at once with an empty log. */
    public Builder script(RunScript script) {
      this.script = Objects.requireNonNull(script, "script");
      return this;
    }

    /** Divides every run's duration: 10 runs ten times faster, 0.5 twice slower. */
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

    /** The clock for the times written into statuses and events. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Called on a kubelet thread right after a Job's final status is written (before its event); keep it
     * quick, e.g. record a time.
     */
    public Builder onFinished(Consumer<FinishedRun> listener) {
      this.onFinished = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public SimulatedKubelet start() {
      SimulatedKubelet kubelet = new SimulatedKubelet(this);
      kubelet.watch(namespaces);
      return kubelet;
    }
  }
}
