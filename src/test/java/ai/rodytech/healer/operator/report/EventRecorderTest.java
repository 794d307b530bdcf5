package ai.rodytech.healer.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same Event twice is one Event with a count of 2; another message is another Event. */
class EventRecorderTest {

  @Test
  void aRepeatedEventBumpsItsCount() {
    try (InProcessCluster cluster = InProcessCluster.start(); KubernetesClient client = cluster.newClient()) {
      Job job = new JobBuilder().withNewMetadata().withName("backend-ci-build-1").withNamespace("ci").withUid("u1")
          .endMetadata().build();
      job.setApiVersion("batch/v1");
      job.setKind("Job");
      EventRecorder events = new EventRecorder(client, Clock.systemUTC());
      events.record(job, EventReason.BelowThreshold, "failed 1 time(s) in a row");
      events.record(job, EventReason.BelowThreshold, "failed 1 time(s) in a row");
      events.record(job, EventReason.NeedsHuman, "genuine failure");

      List<Event> all = client.v1().events().inNamespace("ci").list().getItems();
      assertThat(all).hasSize(2);
      assertThat(all).filteredOn(e -> e.getReason().equals("BelowThreshold")).singleElement()
          .satisfies(e -> {
            assertThat(e.getCount()).isEqualTo(2);
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("backend-ci-build-1");
          });
      assertThat(all).filteredOn(e -> e.getReason().equals("NeedsHuman")).singleElement()
          .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    }
  }
}
