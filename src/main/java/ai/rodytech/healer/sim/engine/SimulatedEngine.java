package ai.rodytech.healer.sim.engine;

import ai.rodytech.healer.sim.ClusterCalls;
import ai.rodytech.healer.sim.ControllerWorkers;
import ai.rodytech.healer.sim.InProcessCluster;
import ai.rodytech.healer.sim.InProcessWatch;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the simulated Tekton and Argo controllers share with the simulated kubelet's way of working: a watch of
 * one custom resource that only hands new runs to a small scheduled pool, a {@link StepScript} that decides how
 * each step ends, a speed factor, counters for {@link #awaitIdle}, and an {@code onFinished} callback stamped
 * right after a run's final status write.
 */
public abstract class SimulatedEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedEngine.class);

  private final KubernetesClient client;
  private final double speed;
  private final Consumer<FinishedEngineRun> onFinished;
  private final ControllerWorkers workers;
  /** What the engine's run executions use: the API, the pod logs, the script, the clock and the scheduler. */
  protected final EngineContext context;
  private final List<InProcessWatch> watches = new CopyOnWriteArrayList<>();
  /** Runs counted as finished, so that a run abandoned after its end (or twice) is counted once. */
  private final Set<String> ended = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  protected SimulatedEngine(Builder<?> builder, String threadPrefix) {
    this.client = builder.cluster.newClient();
    this.speed = builder.speed;
    this.onFinished = builder.onFinished;
    this.workers = new ControllerWorkers(builder.threads, threadPrefix);
    EngineApi api = new EngineApi(ClusterCalls.inProcess(builder.cluster, client.getConfiguration().getUserAgent()));
    this.context = new EngineContext(api, builder.cluster.podLogs(), builder.script, builder.clock,
        builder.speed, this::after, this::finished, this::abandon);
  }

  /** Runs taken on so far (running, waiting to start, or done). */
  public long accepted() {
    return workers.accepted();
  }

  /** Runs whose final status is written (or that were abandoned on an API error). */
  public long finished() {
    return workers.finished();
  }

  /** Waits until every run taken on has finished; false when {@code timeout} passes first. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return workers.awaitIdle(timeout);
  }

  @Override
  public void close() {
    closed = true;
    watches.forEach(InProcessWatch::close);
    workers.shutdown();
    client.close();
  }

  /** The engine's kind of run: its apiVersion and kind, e.g. tekton.dev/v1 PipelineRun. */
  protected abstract String runApiVersion();

  protected abstract String runKind();

  /** Whether the controller has not yet picked this run up (no status of its own yet). */
  protected abstract boolean isNew(GenericKubernetesResource run);

  /** Starts a new run; called on a pool thread, once per run. */
  protected abstract void start(GenericKubernetesResource run);

  private void after(Duration simulated, Runnable task) {
    // Once closed, the run stays unfinished, as on a cluster whose controller went away.
    workers.schedule(task, (long) (simulated.toNanos() / speed));
  }

  private void finished(String namespace, String name, boolean succeeded, String reason) {
    if (!ended.add(namespace + "/" + name)) {
      return;
    }
    onFinished.accept(new FinishedEngineRun(runKind(), namespace, name, succeeded, reason,
        context.clock().instant(), System.nanoTime()));
    workers.finishedOne();
  }

  private void abandon(String namespace, String name, RuntimeException e) {
    if (!closed) {
      LOG.warn("simulated {} controller gave up on {}/{}: {}", runKind(), namespace, name, e.toString());
    }
    if (ended.add(namespace + "/" + name)) {
      workers.finishedOne();
    }
  }

  void watch(InProcessCluster cluster, List<String> namespaces) {
    String plural = "/" + runKind().toLowerCase(Locale.ROOT) + "s";
    String api = "/apis/" + runApiVersion();
    if (namespaces.isEmpty()) {
      watches.add(cluster.watch(api + plural, this::runEvent));
    } else {
      namespaces.forEach(ns -> watches.add(cluster.watch(api + "/namespaces/" + ns + plural, this::runEvent)));
    }
  }

  /** Hands each new run to the pool; runs on the watch's thread, so it does nothing else. */
  private void runEvent(Watcher.Action action, String json) {
    if (closed || (action != Watcher.Action.ADDED && action != Watcher.Action.MODIFIED)) {
      return;
    }
    GenericKubernetesResource run = Serialization.unmarshal(json, GenericKubernetesResource.class);
    if (isNew(run)) {
      workers.accept(run.getMetadata().getUid(), () -> {
        try {
          start(run);
        } catch (RuntimeException e) {
          abandon(run.getMetadata().getNamespace(), run.getMetadata().getName(), e);
        }
      });
    }
  }

  /** Options of a simulated engine; {@link #start()} builds it and starts its watch. */
  public static final class Builder<E extends SimulatedEngine> {
    private final InProcessCluster cluster;
    private final Function<Builder<E>, E> factory;
    private StepScript script = StepScript.succeeding();
    private double speed = 1.0;
    private List<String> namespaces = List.of();
    private int threads = 2;
    private Clock clock = Clock.systemUTC();
    private Consumer<FinishedEngineRun> onFinished = run -> {};

    public Builder(InProcessCluster cluster, Function<Builder<E>, E> factory) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      this.factory = factory;
    }

    /** How steps end; by default every step succeeds at once. */
    public Builder<E> script(StepScript script) {
      this.script = Objects.requireNonNull(script, "script");
      return this;
    }

    /** Divides every step's duration: 10 runs ten times faster, 0.5 twice slower. */
    public Builder<E> speed(double speed) {
      if (!(speed > 0)) {
        throw new IllegalArgumentException("speed must be positive, got " + speed);
      }
      this.speed = speed;
      return this;
    }

    /** Watches only these namespaces (default: all). */
    public Builder<E> namespaces(String... namespaces) {
      this.namespaces = List.of(namespaces);
      return this;
    }

    /** Threads that run the controller's work (default 2). */
    public Builder<E> threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** The clock for the times written into statuses and events. */
    public Builder<E> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Called on an engine thread right after a run's final status is written; keep it quick. */
    public Builder<E> onFinished(Consumer<FinishedEngineRun> listener) {
      this.onFinished = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public E start() {
      E engine = factory.apply(this);
      engine.watch(cluster, namespaces);
      return engine;
    }
  }
}
