package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulated controllers write Events the way client-go's recorder does: a repeated event is one Event whose
 * count and lastTimestamp move, the tenth different message of one reason becomes a combined Event, and a source
 * writes at most 25 events about an object before the spam filter holds it to one every five minutes.
 */
class EventSeriesTest {
  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();
  private static final EventRecorder.Source CONTROLLER = SimulationContext.JOB_CONTROLLER;

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong millis = new AtomicLong(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
  private KubernetesClient client;
  private EventRecorder recorder;
  private Job job;

  @BeforeEach
  void recorder(TestInfo test) {
    client = CLUSTER.client();
    String ns = test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 20);
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
      }
    };
    recorder = new EventRecorder(ClusterCalls.inProcess(CLUSTER.cluster(), "job-controller"), clock, nanos::get, 1);
    job = client.resource(new JobBuilder().withNewMetadata().withName("build-1").withNamespace(ns).endMetadata()
        .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
  }

  @Test
  void theSameEventAgainIsOneEventWhoseCountAndLastTimestampMove() {
    recorder.record(CONTROLLER, job, null, "Warning", "FailedCreate", "Error creating: exceeded quota");
    later(Duration.ofSeconds(30));
    recorder.record(CONTROLLER, job, null, "Warning", "FailedCreate", "Error creating: exceeded quota");

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.getCount()).isEqualTo(2);
      assertThat(e.getFirstTimestamp()).isEqualTo("2026-03-02T09:00:00Z");
      assertThat(e.getLastTimestamp()).isEqualTo("2026-03-02T09:00:30Z");
      assertThat(e.getSource().getComponent()).isEqualTo("job-controller");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo(job.getMetadata().getUid());
    });
  }

  @Test
  void fromTheTenthMessageOfOneReasonTheyAreCombinedIntoOneEvent() {
    for (int i = 1; i <= 11; i++) {
      later(Duration.ofSeconds(1));
      recorder.record(CONTROLLER, job, null, "Warning", "FailedCreate", "Error creating: pods \"build-1-" + i + "\"");
    }

    List<Event> events = events();
    assertThat(events).hasSize(10);
    Event combined = events.stream().filter(e -> e.getMessage().startsWith(EventRecorder.COMBINED)).findFirst()
        .orElseThrow();
    assertThat(combined.getMessage()).isEqualTo("(combined from similar events): Error creating: pods \"build-1-11\"");
    assertThat(combined.getCount()).isEqualTo(2);
    assertThat(events.stream().max(Comparator.comparing(Event::getLastTimestamp)).orElseThrow())
        .as("the newest lastTimestamp is the combined one").isSameAs(combined);
  }

  @Test
  void aSourceWritesTwentyFiveEventsAboutAnObjectThenOneEveryFiveMinutes() {
    for (int i = 0; i < 26; i++) {
      recorder.record(CONTROLLER, job, null, "Normal", "SuccessfulCreate", "Created pod: build-1-x");
    }
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(25));

    nanos.addAndGet(Duration.ofMinutes(5).toNanos());
    recorder.record(CONTROLLER, job, null, "Normal", "SuccessfulCreate", "Created pod: build-1-x");

    assertThat(events()).singleElement().as("the dropped one still counts").satisfies(e ->
        assertThat(e.getCount()).isEqualTo(27));
  }

  private void later(Duration by) {
    millis.addAndGet(by.toMillis());
    nanos.addAndGet(by.toNanos());
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(job.getMetadata().getNamespace()).list().getItems();
  }
}
