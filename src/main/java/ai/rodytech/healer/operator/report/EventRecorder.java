package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.operator.Labels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events. The name is derived from the object, reason and message, so the same event
 * twice (a second reconcile of the same state) bumps a count instead of piling up. Never throws: a lost
 * Event must not stop healing.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = Labels.EVENT_COMPONENT;
  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(HasMetadata object, EventReason reason, String message) {
    String ns = object.getMetadata().getNamespace();
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    String text = message.length() > 1000 ? message.substring(0, 997) + "..." : message;
    String name = object.getMetadata().getName() + "." + hash(object.getKind() + reason + text);
    try {
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
              .withCount(1)
              .withFirstTimestamp(now)
              .withLastTimestamp(now)
              .withNewSource().withComponent(COMPONENT).endSource()
              .withReportingComponent(COMPONENT)
              .build();
      try {
        client.v1().events().inNamespace(ns).resource(event).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != java.net.HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Seen before: bump the count instead (most events are new, so create first saves a read).
        Event existing = client.v1().events().inNamespace(ns).withName(name).get();
        if (existing != null) {
          existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
          existing.setLastTimestamp(now);
          client.v1().events().inNamespace(ns).resource(existing).update();
        }
      }
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} on {}/{}: {}", reason, ns, object.getMetadata().getName(), e.getMessage());
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
