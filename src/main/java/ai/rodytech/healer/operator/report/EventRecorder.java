package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.operator.ApiCalls;
import ai.rodytech.healer.operator.Labels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events the way Kubernetes' own event recorder aggregates them: one Event per reason per object
 * (named after the object, its UID and the reason), whose count, last timestamp and message are updated when the
 * same reason happens again. A new Event is one create; a repeat is one merge patch (the recorder remembers the
 * count it wrote; only an Event it does not know is read first). Never throws: a lost Event must not stop healing.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = Labels.EVENT_COMPONENT;
  private static final int REMEMBERED = 10_000;
  private final KubernetesClient client;
  private final ApiCalls api;
  private final Clock clock;
  private final Map<String, Integer> counts =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
          return size() > REMEMBERED;
        }
      };

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.api = ApiCalls.of(client);
    this.clock = clock;
  }

  public void record(HasMetadata object, EventReason reason, String message) {
    record(object, reason, message, 1);
  }

  /** Records {@code times} occurrences at once (an aggregate gathered by {@link EventDigest}). */
  public void record(HasMetadata object, EventReason reason, String message, int times) {
    String ns = object.getMetadata().getNamespace();
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    String text = message.length() > 1000 ? message.substring(0, 997) + "..." : message;
    String name = name(object, reason);
    try {
      Integer count;
      synchronized (counts) {
        count = counts.get(ns + "/" + name);
      }
      if (count == null) {
        count = createOrRead(object, reason, text, name, now, times);
        if (count < 0) {
          remember(ns, name, times);
          return;
        }
      }
      bump(ns, name, count + times, text, now);
    } catch (KubernetesClientException e) {
      forget(ns, name);
      LOG.warn("could not record event {} on {}/{}: {}", reason, ns, object.getMetadata().getName(), e.getMessage());
    }
  }

  /** The Event's name: the object's name and a hash of its kind, UID and the reason. */
  static String name(HasMetadata object, EventReason reason) {
    String uid = Objects.toString(object.getMetadata().getUid(), object.getMetadata().getName());
    return object.getMetadata().getName() + "." + hash(object.getKind() + "/" + uid + "/" + reason.name());
  }

  /** Creates the Event with count {@code times} (returns -1), or, when it exists already, returns its count. */
  private int createOrRead(
      HasMetadata object, EventReason reason, String text, String name, String now, int times) {
    String ns = object.getMetadata().getNamespace();
    Event event =
        new EventBuilder()
            .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withName(object.getMetadata().getName())
                    .withNamespace(ns)
                    .withUid(object.getMetadata().getUid())
                    .build())
            .withType(reason.type())
            .withReason(reason.name())
            .withMessage(text)
            .withCount(times)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource().withComponent(COMPONENT).endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      api.create(ApiCalls.collection(Event.class, ns), event, false, null);
      return -1;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      Event existing = client.v1().events().inNamespace(ns).withName(name).get();
      return existing == null || existing.getCount() == null ? 1 : existing.getCount();
    }
  }

  /**
   * One merge patch of the count, last timestamp and message. Not fabric8's patch: it reads the object first,
   * which is the very call a repeat should not cost.
   */
  private void bump(String ns, String name, int count, String text, String now) {
    Map<String, Object> patch = Map.of("count", count, "lastTimestamp", now, "message", text);
    try {
      api.mergePatch(ApiCalls.collection(Event.class, ns) + "/" + name, patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        // Expired (an Event lives an hour by default) or deleted: start the series again.
        forget(ns, name);
        throw new KubernetesClientException("event " + name + " is gone");
      }
      throw e;
    }
    remember(ns, name, count);
  }

  private void remember(String ns, String name, int count) {
    synchronized (counts) {
      counts.put(ns + "/" + name, count);
    }
  }

  private void forget(String ns, String name) {
    synchronized (counts) {
      counts.remove(ns + "/" + name);
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
