package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.testing.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events as Kubernetes' own recorder aggregates them: one Event per reason per object, its count, last timestamp
 * and message updated; a repeat costs one patch and no read; another object of the same name (a re-created run)
 * gets Events of its own.
 */
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

  @Test
  void oneEventPerReasonPerObjectIsPatchedWithoutARead() {
    try (TestCluster k8s = new TestCluster()) {
      Job job = new JobBuilder().withNewMetadata().withName("backend-ci-build-1").withNamespace("ci").withUid("u1")
          .endMetadata().build();
      job.setApiVersion("batch/v1");
      job.setKind("Job");
      EventRecorder events = new EventRecorder(k8s.client, Clock.systemUTC());
      k8s.countFromHere();
      events.record(job, EventReason.HealFailed, "creating x failed: quota (try 2 in 5s)");
      events.record(job, EventReason.HealFailed, "creating x failed: quota (try 3 in 10s)");
      events.record(job, EventReason.HealFailed, "creating x failed: quota; the heal failed.");

      List<Event> all = k8s.client.v1().events().inNamespace("ci").list().getItems();
      assertThat(all).singleElement().satisfies(e -> {
        assertThat(e.getCount()).isEqualTo(3);
        assertThat(e.getMessage()).isEqualTo("creating x failed: quota; the heal failed.");
      });
      assertThat(k8s.count("POST", "/api/v1/namespaces/ci/events")).isEqualTo(1);
      assertThat(k8s.count("PATCH", "/api/v1/namespaces/ci/events/" + all.get(0).getMetadata().getName()))
          .isEqualTo(2);
      assertThat(k8s.count("GET", "/api/v1/namespaces/ci/events/" + all.get(0).getMetadata().getName())).isZero();

      Job recreated = new JobBuilder(job).editMetadata().withUid("u2").endMetadata().build();
      events.record(recreated, EventReason.HealFailed, "another run under the same name");
      assertThat(k8s.client.v1().events().inNamespace("ci").list().getItems()).hasSize(2);
    }
  }
}
