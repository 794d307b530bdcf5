package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Writes core/v1 Events the way a controller's client-go recorder does (tools/record, Kubernetes 1.31), so that a
 * reader sees the series it would see on a cluster:
 *
 * <ul>
 *   <li>the same event again (same source, object, type, reason and message) is one Event whose {@code count}
 *       goes up and whose {@code lastTimestamp} moves, written with a patch;
 *   <li>from the tenth different message with the same source, object, type and reason within ten minutes, they
 *       become one Event "(combined from similar events): &lt;latest message&gt;", counted the same way;
 *   <li>a source may write 25 events about one object, then one more every five minutes; the rest are dropped.
 * </ul>
 *
 * The intervals are divided by the simulation's speed, as every delay of the simulated controllers is.
 */
final class EventRecorder {
  static final String COMBINED = "(combined from similar events): ";
  private static final int CACHE_ENTRIES = 4096;
  private static final int AGGREGATE_MAX_EVENTS = 10;
  private static final long AGGREGATE_INTERVAL_SECONDS = 600;
  private static final int SPAM_BURST = 25;
  private static final long SPAM_REFILL_SECONDS = 300;

  /** Who writes the events: {@code component} (job-controller, kubelet, default-scheduler) on {@code host}. */
  record Source(String component, String host) {}

  private record Observation(String name, long count, String firstTimestamp) {}

  private static final class Aggregate {
    final Set<String> messages = new HashSet<>();
    long lastNanos;
  }

  private static final class Bucket {
    double tokens = SPAM_BURST;
    long refilledNanos;
  }

  private final ClusterCalls calls;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final double speed;
  private final Map<String, Aggregate> aggregates = lru();
  private final Map<String, Observation> observations = lru();
  private final Map<String, Bucket> buckets = lru();
  private long sequence;

  EventRecorder(ClusterCalls calls, Clock clock, LongSupplier nanoTime, double speed) {
    this.calls = calls;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.speed = speed;
  }

  /** Records an event about {@code object} (fieldPath e.g. spec.containers{build}, or null). */
  void record(Source source, HasMetadata object, String fieldPath, String type, String reason, String message) {
    ObjectReference about = reference(object, fieldPath);
    Write write = correlate(source, about, type, reason, message);
    if (write != null) {
      send(write);
    }
  }

  /** What to send: a new Event, or the count and time of an existing one. */
  private record Write(Event event, boolean existing) {}

  private synchronized Write correlate(Source source, ObjectReference about, String type, String reason,
      String message) {
    long now = nanoTime.getAsLong();
    String at = RunObjects.time(clock.instant());
    String object = String.join("\u0000", source.component(), source.host(), about.getKind(),
        about.getNamespace(), about.getName(), about.getUid(), about.getApiVersion());
    String aggregateKey = String.join("\u0000", object, type, reason);
    String key = String.join("\u0000", object, String.valueOf(about.getFieldPath()), type, reason, message);
    Aggregate aggregate = aggregates.get(aggregateKey);
    if (aggregate == null || now - aggregate.lastNanos > scaled(AGGREGATE_INTERVAL_SECONDS)) {
      aggregate = new Aggregate();
    }
    aggregate.messages.add(message);
    aggregate.lastNanos = now;
    aggregates.put(aggregateKey, aggregate);
    String text = message;
    if (aggregate.messages.size() >= AGGREGATE_MAX_EVENTS) {
      Iterator<String> any = aggregate.messages.iterator();
      any.next();
      any.remove();
      key = aggregateKey;
      text = COMBINED + message;
    }
    Observation seen = observations.get(key);
    Observation next = seen == null
        ? new Observation(about.getName() + "." + Long.toHexString(clock.millis() * 1_000_000 + ++sequence % 1_000_000),
            1, at)
        : new Observation(seen.name(), seen.count() + 1, seen.firstTimestamp());
    observations.put(key, next);
    if (!allowed(object, now)) {
      return null;
    }
    Event event = new EventBuilder()
        .withNewMetadata().withName(next.name()).withNamespace(about.getNamespace()).endMetadata()
        .withInvolvedObject(about)
        .withType(type)
        .withReason(reason)
        .withMessage(text)
        .withNewSource(source.component(), source.host())
        .withReportingComponent(source.component())
        .withReportingInstance(source.host() == null ? "" : source.host())
        .withFirstTimestamp(next.firstTimestamp())
        .withLastTimestamp(at)
        .withCount((int) next.count())
        .build();
    return new Write(event, seen != null);
  }

  /** The spam filter's token bucket for one source and object. */
  private boolean allowed(String object, long now) {
    Bucket bucket = buckets.computeIfAbsent(object, k -> {
      Bucket fresh = new Bucket();
      fresh.refilledNanos = now;
      return fresh;
    });
    bucket.tokens = Math.min(SPAM_BURST,
        bucket.tokens + (now - bucket.refilledNanos) / (double) scaled(SPAM_REFILL_SECONDS));
    bucket.refilledNanos = now;
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  /**
   * Creates the Event, or patches count, lastTimestamp and message of the one already written; a patch that
   * finds the Event gone creates it, as client-go does.
   */
  private void send(Write write) {
    Event event = write.event();
    String events = "/api/v1/namespaces/" + event.getMetadata().getNamespace() + "/events";
    if (write.existing()) {
      String path = events + "/" + event.getMetadata().getName();
      String patch = Serialization.asJson(Map.of("count", event.getCount(), "lastTimestamp",
          event.getLastTimestamp(), "message", event.getMessage()));
      ClusterCalls.Answer answer = calls.call("PATCH", path, "application/merge-patch+json", patch);
      if (answer.ok()) {
        return;
      }
      if (answer.code() != 404) {
        throw ClusterCalls.failure("PATCH", path, answer);
      }
    }
    ClusterCalls.Answer answer = calls.call("POST", events, "application/json", Serialization.asJson(event));
    // 409: a create raced with the patch that already wrote this series.
    if (!answer.ok() && answer.code() != 409) {
      throw ClusterCalls.failure("POST", events, answer);
    }
  }

  private long scaled(long seconds) {
    return (long) (seconds * 1_000_000_000L / speed);
  }

  static ObjectReference reference(HasMetadata object, String fieldPath) {
    return new ObjectReferenceBuilder()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withName(object.getMetadata().getName())
        .withNamespace(object.getMetadata().getNamespace())
        .withUid(object.getMetadata().getUid())
        .withResourceVersion(object.getMetadata().getResourceVersion())
        .withFieldPath(fieldPath)
        .build();
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > CACHE_ENTRIES;
      }
    };
  }
}
