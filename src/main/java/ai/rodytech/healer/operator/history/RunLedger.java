package ai.rodytech.healer.operator.history;

import ai.rodytech.healer.api.HistorySpec;
import ai.rodytech.healer.api.HistoryStatusMapper;
import ai.rodytech.healer.api.PipelineHistory;
import ai.rodytech.healer.core.history.Decision;
import ai.rodytech.healer.core.history.FinishedRun;
import ai.rodytech.healer.core.history.HistoryView;
import ai.rodytech.healer.core.history.Ledger;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run ledgers of the watched pipelines: an in-memory {@link Ledger} per pipeline, read from its
 * {@link PipelineHistory} on first use, and a writer that stores it back coalesced.
 *
 * <ul>
 *   <li>{@link #record} applies a run to the ledger at once (the judge sees it) and schedules a status write: at
 *       most one write per pipeline per {@code spacing} (1 s), so a burst of runs costs one write, and a run never
 *       costs more than one.
 *   <li>Idempotent by run UID, even after runs roll off (the ledger's watermark), so a second event or a restart
 *       recording a run again changes nothing.
 *   <li>A write is a read-modify-write with the resourceVersion: on 409 (a person ran {@code healer history
 *       reset}, another writer) the object is read again and the changes not yet stored are applied to it again.
 *   <li>A restart loses at most the changes of the last {@code spacing}; the runs behind them are still in the
 *       cluster and are recorded again when the operator sees them after the restart.
 * </ul>
 *
 * <p>The decision core never sees this class: it reads {@link HistoryView}s. docs/history.md has the design.
 */
public final class RunLedger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);
  public static final Duration DEFAULT_SPACING = Duration.ofSeconds(1);
  /** A view this old is read again before it is handed out, so a reset from the CLI is seen. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(30);
  /** How long a failure's write waits for its decision, so that both cost one write. */
  public static final Duration DEFAULT_DECISION_WAIT = Duration.ofSeconds(10);
  /** Conflicts tolerated in one write before giving up until the next one. */
  private static final int CONFLICT_ATTEMPTS = 10;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** A change not yet stored: applied to the ledger once, and again to a fresh copy after a conflict. */
  private sealed interface Change permits Recorded, Decided, Reset {
    void applyTo(Ledger ledger);
  }

  private record Recorded(FinishedRun run) implements Change {
    @Override
    public void applyTo(Ledger ledger) {
      ledger.record(run);
    }
  }

  private record Decided(String uid, Decision decision) implements Change {
    @Override
    public void applyTo(Ledger ledger) {
      ledger.decide(uid, decision);
    }
  }

  private record Reset(String signature) implements Change {
    @Override
    public void applyTo(Ledger ledger) {
      ledger.reset(signature);
    }
  }

  private final KubernetesClient client;
  private final HistoryMetrics metrics;
  private final Clock clock;
  private final Duration spacing;
  private final Duration staleAfter;
  private final Duration decisionWait;
  private final ScheduledExecutorService writer;
  private final Map<String, PipelineLedger> ledgers = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  public RunLedger(KubernetesClient client, HistoryMetrics metrics, Clock clock) {
    this(client, metrics, clock, DEFAULT_SPACING, DEFAULT_STALE_AFTER, DEFAULT_DECISION_WAIT);
  }

  /**
   * @param spacing least time between two writes of one pipeline
   * @param staleAfter age at which a view with nothing pending is read again
   * @param decisionWait how long a failure's write waits for its decision
   */
  public RunLedger(KubernetesClient client, HistoryMetrics metrics, Clock clock, Duration spacing, Duration staleAfter,
      Duration decisionWait) {
    this.client = client;
    this.metrics = metrics;
    this.clock = clock;
    this.spacing = spacing;
    this.staleAfter = staleAfter;
    this.decisionWait = decisionWait;
    this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "run-ledger-writer");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Records a finished run of a watched pipeline (any kind, success or failure); false when it was recorded
   * before. Record a failure before judging it, with the failing tests its diagnosis found, so that the judge sees
   * it (a commit that passed before and fails now is evidence at once); then {@link #decided} notes the decision.
   * The first call for a pipeline reads its history; an unreachable API server throws, so the caller's reconcile
   * is retried.
   */
  public boolean record(FinishedRun run) {
    PipelineLedger pipeline = loaded(run.namespace(), run.pipeline());
    synchronized (pipeline) {
      if (!pipeline.ledger.record(run)) {
        return false;
      }
      pipeline.pending.add(new Recorded(run));
      // A failure's decision follows within seconds: wait for it, so that both go in one write.
      scheduleWrite(pipeline, run.succeeded() || run.decision() != null ? Duration.ZERO : decisionWait);
    }
    metrics.recorded(run);
    return true;
  }

  /** Whether {@link #record} would refuse this run (recorded before, or too old): nothing need be built for it. */
  public boolean recorded(String namespace, String pipeline, String uid, Instant finished) {
    PipelineLedger ledger = loaded(namespace, pipeline);
    synchronized (ledger) {
      return ledger.ledger.recorded(uid, finished);
    }
  }

  /**
   * Notes what the healer decided for a recorded failure: the judged diagnosis's signatures and the action taken
   * ({@link Decision#of}); false when the run is not in the ledger or already carries it. Stored with the next
   * write of the pipeline, usually the same one as the run's.
   */
  public boolean decided(String namespace, String pipeline, String uid, Decision decision) {
    PipelineLedger ledger = loaded(namespace, pipeline);
    synchronized (ledger) {
      if (!ledger.ledger.decide(uid, decision)) {
        return false;
      }
      ledger.pending.add(new Decided(uid, decision));
      scheduleWrite(ledger, Duration.ZERO);
    }
    metrics.decided(namespace, pipeline, decision);
    return true;
  }

  /** The pipeline's history as it stands, this process's unstored changes included. */
  public HistoryView view(String namespace, String pipeline) {
    PipelineLedger ledger = loaded(namespace, pipeline, false);
    boolean stale;
    synchronized (ledger) {
      stale = ledger.pending.isEmpty() && ledger.syncedAt.plus(staleAfter).isBefore(clock.instant());
    }
    if (stale) {
      ledger.writeLock.lock();
      try {
        reload(ledger);
      } finally {
        ledger.writeLock.unlock();
      }
    }
    synchronized (ledger) {
      return ledger.ledger.view();
    }
  }

  /**
   * Forgets the track records of a signature in a pipeline (every strategy) and stores that at once; returns how
   * many there were. For {@code healer history reset}.
   */
  public int reset(String namespace, String pipeline, String signature) {
    PipelineLedger ledger = loaded(namespace, pipeline);
    int forgotten;
    synchronized (ledger) {
      forgotten = ledger.ledger.reset(signature);
      if (forgotten > 0) {
        ledger.pending.add(new Reset(signature));
      }
    }
    if (forgotten > 0) {
      writeNow(ledger);
    }
    return forgotten;
  }

  /** Stores every change not yet stored, now, in the calling thread (shutdown, the CLI, tests). */
  public void flush() {
    for (PipelineLedger ledger : ledgers.values()) {
      writeNow(ledger);
    }
  }

  /** Status writes made so far (creations included), e.g. for a benchmark's writes-per-run figure. */
  public long writes() {
    return writes.get();
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      flush();
    } catch (KubernetesClientException e) {
      LOG.warn("could not store the run ledgers at shutdown; the runs are recorded again after the restart: {}",
          e.getMessage());
    }
  }

  /** One pipeline's ledger and what is not stored yet. Fields guarded by the object's monitor. */
  private final class PipelineLedger {
    final String namespace;
    final String pipeline;
    /** One write (or reload) of this pipeline at a time. */
    final ReentrantLock writeLock = new ReentrantLock();
    Ledger ledger;
    final List<Change> pending = new ArrayList<>();
    /** The resourceVersion of the stored copy this ledger went on from; null when there is none yet. */
    String resourceVersion;
    volatile boolean loaded;
    /** The next write, when one is scheduled, and when it is due (System.nanoTime). */
    ScheduledFuture<?> next;
    long nextDue;
    long lastWriteStartNanos = System.nanoTime() - spacing.toNanos();
    int failedWrites;
    Instant syncedAt = Instant.MIN;

    PipelineLedger(String namespace, String pipeline) {
      this.namespace = namespace;
      this.pipeline = pipeline;
      this.ledger = new Ledger(namespace, pipeline);
    }

    String name() {
      return PipelineHistory.nameFor(pipeline);
    }
  }

  /** The pipeline's ledger, read first when this process has not yet (the record path: created if none). */
  private PipelineLedger loaded(String namespace, String pipeline) {
    return loaded(namespace, pipeline, true);
  }

  /**
   * The pipeline's ledger, loaded once. On the record path ({@code creating}) the stored object is created first
   * (an empty ledger, which the first write fills) and read only when it exists: a pipeline's first failure costs
   * one call, not a read that finds nothing and a create. A read alone ({@link #view}: {@code healer history})
   * never creates anything.
   */
  private PipelineLedger loaded(String namespace, String pipeline, boolean creating) {
    PipelineLedger ledger = ledgers.computeIfAbsent(namespace + "/" + pipeline, k -> new PipelineLedger(namespace, pipeline));
    if (!ledger.loaded) {
      ledger.writeLock.lock();
      try {
        if (!ledger.loaded) {
          if (!creating || !createdEmpty(ledger)) {
            reload(ledger);
          }
          ledger.loaded = true;
        }
      } finally {
        ledger.writeLock.unlock();
      }
    }
    return ledger;
  }

  /** Creates the pipeline's stored ledger, empty; false when it exists already. Under the write lock. */
  private boolean createdEmpty(PipelineLedger ledger) {
    PipelineHistory created;
    try {
      writes.incrementAndGet();
      created = client.resources(PipelineHistory.class).inNamespace(ledger.namespace).resource(empty(ledger))
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
    syncedWith(ledger, HistoryView.empty(ledger.namespace, ledger.pipeline), created.getMetadata().getResourceVersion());
    return true;
  }

  /** Reads the stored copy and applies to it every change not stored yet. Under the write lock. */
  private void reload(PipelineLedger ledger) {
    PipelineHistory stored = client.resources(PipelineHistory.class).inNamespace(ledger.namespace)
        .withName(ledger.name()).get();
    HistoryView view = stored == null
        ? HistoryView.empty(ledger.namespace, ledger.pipeline)
        : HistoryStatusMapper.toView(ledger.namespace, ledger.pipeline, stored.getStatus());
    syncedWith(ledger, view, stored == null ? null : stored.getMetadata().getResourceVersion());
  }

  /** The ledger is what is stored ({@code view}, at {@code resourceVersion}) with the unstored changes on top. */
  private void syncedWith(PipelineLedger ledger, HistoryView view, String resourceVersion) {
    synchronized (ledger) {
      ledger.ledger = Ledger.from(view);
      ledger.pending.forEach(change -> change.applyTo(ledger.ledger));
      ledger.resourceVersion = resourceVersion;
      ledger.syncedAt = clock.instant();
    }
  }

  /** The pipeline's history object, no status: what is created before the first status write. */
  private static PipelineHistory empty(PipelineLedger ledger) {
    PipelineHistory history = new PipelineHistory();
    history.setMetadata(new ObjectMetaBuilder().withName(ledger.name()).withNamespace(ledger.namespace).build());
    history.setSpec(new HistorySpec(ledger.pipeline));
    return history;
  }

  /**
   * Schedules the next write of the pipeline {@code after} from now, no sooner than {@code spacing} after the last
   * one started; a write already due sooner stands, one due later is brought forward. Under the pipeline's monitor.
   */
  private void scheduleWrite(PipelineLedger ledger, Duration after) {
    long now = System.nanoTime();
    long due = Math.max(now + after.toNanos(), ledger.lastWriteStartNanos + spacing.toNanos());
    if (ledger.next != null && ledger.nextDue <= due) {
      return;
    }
    if (ledger.next != null) {
      ledger.next.cancel(false);
    }
    try {
      ledger.next = writer.schedule(() -> writeScheduled(ledger), Math.max(0, due - now), TimeUnit.NANOSECONDS);
      ledger.nextDue = due;
    } catch (RejectedExecutionException e) {
      ledger.next = null; // shutting down: close() stores what is pending
    }
  }

  private void writeScheduled(PipelineLedger ledger) {
    synchronized (ledger) {
      ledger.next = null;
    }
    try {
      writeNow(ledger);
      synchronized (ledger) {
        ledger.failedWrites = 0;
      }
    } catch (RuntimeException e) {
      synchronized (ledger) {
        ledger.failedWrites++;
        Duration backoff = spacing.multipliedBy(1L << Math.min(ledger.failedWrites, 5));
        backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
        LOG.warn("could not store the run ledger of {}/{} (attempt {}), trying again in {}s: {}", ledger.namespace,
            ledger.pipeline, ledger.failedWrites, backoff.toSeconds(), e.getMessage());
        scheduleWrite(ledger, backoff);
      }
    }
  }

  /** Writes the pipeline's unstored changes, if any; after a conflict reads again and applies them again. */
  private void writeNow(PipelineLedger ledger) {
    ledger.writeLock.lock();
    try {
      for (int attempt = 1; ; attempt++) {
        HistoryView view;
        int stored;
        String resourceVersion;
        synchronized (ledger) {
          if (ledger.pending.isEmpty()) {
            return;
          }
          ledger.lastWriteStartNanos = System.nanoTime();
          view = ledger.ledger.view();
          stored = ledger.pending.size();
          resourceVersion = ledger.resourceVersion;
        }
        try {
          String written = store(ledger, view, resourceVersion);
          synchronized (ledger) {
            ledger.pending.subList(0, stored).clear();
            ledger.resourceVersion = written;
            ledger.syncedAt = clock.instant();
            if (!ledger.pending.isEmpty()) {
              scheduleWrite(ledger, Duration.ZERO);
            }
          }
          return;
        } catch (KubernetesClientException e) {
          boolean conflict = e.getCode() == HttpURLConnection.HTTP_CONFLICT;
          boolean gone = e.getCode() == HttpURLConnection.HTTP_NOT_FOUND;
          if (!(conflict || gone) || attempt >= CONFLICT_ATTEMPTS) {
            throw e;
          }
          // Someone else wrote (or deleted) it: start again from what is stored, with our changes on top.
          reload(ledger);
        }
      }
    } finally {
      ledger.writeLock.unlock();
    }
  }

  /** Creates the object when there is none, then writes its status; returns the new resourceVersion. */
  private String store(PipelineLedger ledger, HistoryView view, String resourceVersion) {
    var resources = client.resources(PipelineHistory.class).inNamespace(ledger.namespace);
    if (resourceVersion == null) {
      writes.incrementAndGet();
      resourceVersion = resources.resource(empty(ledger)).create().getMetadata().getResourceVersion();
    }
    PipelineHistory history = new PipelineHistory();
    history.setMetadata(new ObjectMetaBuilder().withName(ledger.name()).withNamespace(ledger.namespace)
        .withResourceVersion(resourceVersion).build());
    history.setSpec(new HistorySpec(ledger.pipeline));
    history.setStatus(HistoryStatusMapper.toStatus(view));
    writes.incrementAndGet();
    return resources.resource(history).updateStatus().getMetadata().getResourceVersion();
  }
}
