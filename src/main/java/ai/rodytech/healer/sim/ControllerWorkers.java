package ai.rodytech.healer.sim;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads of a simulated controller (the kubelet, the Tekton and Argo engines) and its count of runs taken
 * on and finished, so that a test or benchmark can wait until it is idle. A watch thread only {@link #accept}s
 * a run; the work runs here.
 */
public final class ControllerWorkers {
  private final ScheduledExecutorService pool;
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final AtomicLong finished = new AtomicLong();

  /** {@code threads} daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
  public ControllerWorkers(int threads, String prefix) {
    AtomicInteger count = new AtomicInteger();
    this.pool = Executors.newScheduledThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Takes on the run with this uid unless it already was, and runs {@code work} for it on the pool. A run that
   * cannot be handed over (the workers are shut down) counts as finished at once.
   */
  public void accept(String uid, Runnable work) {
    if (accepted.add(uid)) {
      try {
        pool.execute(work);
      } catch (RejectedExecutionException e) {
        finished.incrementAndGet();
      }
    }
  }

  /** Runs {@code task} after {@code nanos}; false when the workers are shut down. */
  public boolean schedule(Runnable task, long nanos) {
    try {
      pool.schedule(task, nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** One run taken on has ended (or was given up). */
  public void finishedOne() {
    finished.incrementAndGet();
  }

  /** Runs taken on so far (running, waiting to start, or done). */
  public long accepted() {
    return accepted.size();
  }

  /** Runs that have ended. */
  public long finished() {
    return finished.get();
  }

  /** Waits until every run taken on has finished; false when {@code timeout} passes first. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (finished.get() < accepted.size()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Stops the threads, waiting a little for the work in progress. */
  public void shutdown() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
