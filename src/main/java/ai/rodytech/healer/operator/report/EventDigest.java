package ai.rodytech.healer.operator.report;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Events of one reason on one object that can come many times a minute (a policy's heals under a burst of
 * failures), written the way Kubernetes' own recorder treats a series: the first at once, the following ones
 * gathered and written at most once per {@code interval}, as one update of the same Event (its count raised by
 * how many happened, its message the latest). A person sees the first at once and the tally within the interval;
 * the API server sees one call per interval per object instead of one per occurrence. Never throws (as
 * {@link EventRecorder}); what is pending is written on {@link #close}.
 */
public final class EventDigest implements AutoCloseable {
  private static final int KEPT = 10_000;
  private final EventRecorder events;
  private final Duration interval;
  private final ScheduledExecutorService flusher;
  private final Map<String, Series> series = new HashMap<>();

  /** One object's series of one reason: what is gathered since its last write. */
  private static final class Series {
    HasMetadata object;
    EventReason reason;
    String message;
    int pending;
    long lastWriteNanos;
    boolean scheduled;
  }

  public EventDigest(EventRecorder events, Duration interval) {
    this.events = events;
    this.interval = interval;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "event-digest");
      thread.setDaemon(true);
      return thread;
    });
  }

  public void record(HasMetadata object, EventReason reason, String message) {
    String key = object.getMetadata().getNamespace() + "/" + object.getKind() + "/" + object.getMetadata().getName()
        + "/" + reason;
    boolean now;
    synchronized (series) {
      if (series.size() >= KEPT && !series.containsKey(key)) {
        // Objects long gone (deleted policies) would pile up: series with nothing pending are forgotten.
        series.values().removeIf(s -> s.pending == 0 && !s.scheduled);
      }
      Series s = series.computeIfAbsent(key, k -> new Series());
      s.object = object;
      s.reason = reason;
      s.message = message;
      s.pending++;
      long since = System.nanoTime() - s.lastWriteNanos;
      now = s.lastWriteNanos == 0 || since >= interval.toNanos();
      if (now) {
        s.pending = 0;
        s.lastWriteNanos = System.nanoTime();
      } else if (!s.scheduled) {
        s.scheduled = true;
        try {
          flusher.schedule(() -> flush(key), interval.toNanos() - since, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          s.scheduled = false; // closing: close() writes what is pending
        }
      }
    }
    if (now) {
      events.record(object, reason, message);
    }
  }

  private void flush(String key) {
    HasMetadata object;
    EventReason reason;
    String message;
    int times;
    synchronized (series) {
      Series s = series.get(key);
      if (s == null) {
        return;
      }
      s.scheduled = false;
      if (s.pending == 0) {
        return;
      }
      object = s.object;
      reason = s.reason;
      message = s.message;
      times = s.pending;
      s.pending = 0;
      s.lastWriteNanos = System.nanoTime();
    }
    events.record(object, reason, message, times);
  }

  /** Writes every series' pending occurrences now. */
  public void flush() {
    List<String> keys;
    synchronized (series) {
      keys = List.copyOf(series.keySet());
    }
    keys.forEach(this::flush);
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    flush();
  }
}
