package ai.rodytech.healer.operator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A policy's heals as one Event series: the first written at once, the following ones gathered and written at most
 * once per interval as one patch (count raised by how many, message the latest), what is pending written on close.
 */
class EventDigestTest {
  private static final String EVENTS = "/api/v1/namespaces/ci/events";

  @Test
  void theFirstAtOnceThenOneWritePerIntervalWithTheCount() {
    try (TestCluster k8s = new TestCluster()) {
      PipelineRecoveryPolicy policy = policy();
      EventDigest digest = new EventDigest(new EventRecorder(k8s.client, Clock.systemUTC()), Duration.ofMillis(800));
      k8s.countFromHere();
      digest.record(policy, EventReason.Healed, "healed: run-1-heal-1 succeeded");
      assertThat(only(k8s).getCount()).isEqualTo(1);
      for (int i = 2; i <= 6; i++) {
        digest.record(policy, EventReason.Healed, "healed: run-" + i + "-heal-1 succeeded");
      }
      // Nothing more is written within the interval...
      assertThat(only(k8s).getCount()).isEqualTo(1);
      assertThat(k8s.count("POST", EVENTS)).isEqualTo(1);
      // ...then one patch carries the five, with the latest message.
      await().atMost(Duration.ofSeconds(5)).until(() -> only(k8s).getCount() == 6);
      Event series = only(k8s);
      assertThat(series.getMessage()).isEqualTo("healed: run-6-heal-1 succeeded");
      assertThat(series.getInvolvedObject().getKind()).isEqualTo("PipelineRecoveryPolicy");
      assertThat(k8s.count("PATCH", EVENTS + "/" + series.getMetadata().getName())).isEqualTo(1);

      digest.record(policy, EventReason.Healed, "healed: run-7-heal-1 succeeded");
      digest.close();
      assertThat(only(k8s).getCount()).isEqualTo(7);
      assertThat(only(k8s).getMessage()).isEqualTo("healed: run-7-heal-1 succeeded");
      assertThat(k8s.count("POST", EVENTS)).isEqualTo(1);
    }
  }

  @Test
  void aQuietSeriesIsWrittenAtOnceAgain() throws InterruptedException {
    try (TestCluster k8s = new TestCluster()) {
      PipelineRecoveryPolicy policy = policy();
      EventDigest digest = new EventDigest(new EventRecorder(k8s.client, Clock.systemUTC()), Duration.ofMillis(200));
      digest.record(policy, EventReason.Healed, "first");
      Thread.sleep(300);
      digest.record(policy, EventReason.Healed, "second, after a quiet interval");
      assertThat(only(k8s).getCount()).isEqualTo(2);
      assertThat(only(k8s).getMessage()).isEqualTo("second, after a quiet interval");
      digest.close();
    }
  }

  private static Event only(TestCluster k8s) {
    List<Event> all = k8s.client.v1().events().inNamespace("ci").list().getItems();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static PipelineRecoveryPolicy policy() {
    PipelineRecoveryPolicy policy = new PipelineRecoveryPolicy();
    policy.getMetadata().setName("backend-ci-healer");
    policy.getMetadata().setNamespace("ci");
    policy.getMetadata().setUid("p1");
    return policy;
  }
}
