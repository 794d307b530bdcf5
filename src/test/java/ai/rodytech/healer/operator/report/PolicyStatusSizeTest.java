package ai.rodytech.healer.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicySpec;
import ai.rodytech.healer.api.PolicyStatus;
import ai.rodytech.healer.api.PolicyStatus.IncidentBrief;
import ai.rodytech.healer.api.PolicyStatus.KnownGood;
import ai.rodytech.healer.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The policy's status holds aggregates only: its size does not grow with the number of runs, the runs are counted
 * once each, and thousands of runs cost a handful of coalesced writes.
 */
class PolicyStatusSizeTest {

  @Test
  void tenThousandRunsOfOnePipelineKeepTheStatusUnderFourKilobytesInAFewWrites() {
    try (TestCluster k8s = new TestCluster()) {
      PipelineRecoveryPolicy policy = new PipelineRecoveryPolicy();
      policy.setMetadata(new ObjectMetaBuilder().withName("backend-build-healer").withNamespace("ci").build());
      policy.setSpec(new PolicySpec());
      policy.getSpec().setTargetPipeline("backend-ci-build");
      PipelineRecoveryPolicy created = k8s.client.resource(policy).create();
      String path = "/apis/rodytech.ai/v1alpha1/namespaces/ci/pipelinerecoverypolicies/backend-build-healer/status";
      PolicyStatusAggregator status = new PolicyStatusAggregator(k8s.client, Clock.systemUTC(), Duration.ofSeconds(1));
      k8s.countFromHere();

      Instant start = Instant.parse("2026-12-01T00:00:00Z");
      for (int i = 0; i < 10_000; i++) {
        boolean failed = i % 3 == 0;
        status.runFinished(created, "uid-" + i, failed, start.plusSeconds(i), failed ? 1 : 0);
        if (failed) {
          status.incident(created, new IncidentBrief("backend-ci-build-" + i + "-abc123", "backend-ci-build-" + i,
              "transient_infra", "retry_stage", "Healed", start.plusSeconds(i).toString()));
          status.healAttempted(created);
          status.healSucceeded(created);
        }
        KnownGood good = new KnownGood();
        good.setRun("backend-ci-build-" + i);
        good.getImages().put("build", "maven:3.9-eclipse-temurin-17");
        good.getImageDigests().put("build", "docker.io/library/maven@sha256:" + "a".repeat(64));
        status.knownGood(created, good);
      }
      // The same runs again (a restart's replay, a re-reconciliation): counted once.
      for (int i = 0; i < 10_000; i++) {
        status.runFinished(created, "uid-" + i, i % 3 == 0, start.plusSeconds(i), 0);
      }
      status.flush();

      PolicyStatus stored = k8s.client.resources(PipelineRecoveryPolicy.class).inNamespace("ci")
          .withName("backend-build-healer").get().getStatus();
      int bytes = k8s.client.getKubernetesSerialization().asJson(stored).getBytes(StandardCharsets.UTF_8).length;
      System.out.printf("policy status after 10,000 runs: %,d bytes, %d status writes%n", bytes,
          k8s.count("PUT", path));
      assertThat(bytes).isLessThanOrEqualTo(4096);
      assertThat(stored.getFailuresSeen()).isEqualTo(3334);
      assertThat(stored.getHealsSucceeded()).isEqualTo(3334);
      assertThat(stored.getRecentIncidents()).hasSize(5);
      assertThat(k8s.count("PUT", path)).as("coalesced").isLessThan(20);
    }
  }
}
