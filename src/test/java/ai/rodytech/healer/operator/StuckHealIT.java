package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.IncidentStatus;
import static ai.rodytech.healer.operator.StrictCluster.BUILD;
import static ai.rodytech.healer.operator.StrictCluster.FLAKY;
import static ai.rodytech.healer.operator.StrictCluster.OOM;
import static ai.rodytech.healer.operator.StrictCluster.PASS;

import ai.rodytech.healer.operator.StrictCluster.Space;
import ai.rodytech.healer.sim.AdmissionPolicy;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, point 3: a corrective run that the API accepts (its dry run passed) but whose pods never run — refused
 * by a LimitRange, a ResourceQuota or a webhook, or stuck pulling a pinned digest — is a failed heal once the start
 * timeout has passed: the incident is Failed with the cluster's reason, and a person is alerted. A create refused
 * after a passed dry run is a failure with its reason, retried while waiting may help, then given up and alerted.
 */
class StuckHealIT {
  /** What node:lts resolved to while the pipeline was green; the registry no longer serves it. */
  private static final String GONE_NODE = "docker.io/library/node@sha256:" + "a1".repeat(32);
  private static final Duration FAILED_WITHIN = Duration.ofSeconds(30);
  private static StrictCluster k;

  @BeforeAll
  static void start() {
    String goneDigest = GONE_NODE.substring(GONE_NODE.indexOf('@') + 1);
    k = new StrictCluster(10, image -> image.endsWith("@" + goneDigest), s -> s);
  }

  @AfterAll
  static void stop() {
    k.close();
  }

  @AfterEach
  void admitAll() {
    k.cluster.setAdmission(null);
  }

  @Test
  void podsALimitRangeRefuses() {
    Space ns = k.namespace("stuck-limitrange", RunScript.byMemoryLimit("768Mi", OOM, PASS));
    k.client.resource(new LimitRangeBuilder().withNewMetadata().withName("max").withNamespace(ns.ns).endMetadata()
        .withNewSpec().addNewLimit().withType("Container").addToMax("memory", new Quantity("640Mi")).endLimit()
        .endSpec().build()).create();
    ns.run("backend-ci-build-1", s -> s);

    assertFailedHeal(ns, "maximum memory usage per Container is 640Mi, but limit is 768Mi");
  }

  @Test
  void podsAResourceQuotaRefuses() {
    Space ns = k.namespace("stuck-quota", RunScript.byMemoryLimit("768Mi", OOM, PASS));
    k.client.resource(new ResourceQuotaBuilder().withNewMetadata().withName("ci-quota").withNamespace(ns.ns)
        .endMetadata().withNewSpec().addToHard("limits.memory", new Quantity("700Mi")).endSpec().build()).create();
    ns.run("backend-ci-build-1", s -> s);

    assertFailedHeal(ns, "exceeded quota: ci-quota, requested: limits.memory=768Mi");
  }

  @Test
  void podsAWebhookRefuses() {
    Space ns = k.namespace("stuck-webhook", RunScript.byAttempt(FLAKY, PASS));
    k.cluster.setAdmission(AdmissionPolicy.deny(r -> r.isMainResourceOf("Pod") && r.namespace().equals(ns.ns)
        && r.name().contains("-heal-"), "pods of healer runs must carry a cost-center label"));
    ns.run("backend-ci-build-1", s -> s);

    assertFailedHeal(ns, "denied the request: pods of healer runs must carry a cost-center label");
  }

  @Test
  void aPinnedDigestThatCannotBePulled() {
    RunOutcome green = RunOutcome.succeeded(SampleLogs.npmSuccess(), BUILD).withImageId("build", GONE_NODE);
    RunOutcome moved = RunOutcome.failed(1, SampleLogs.nodeVersionMismatch(), BUILD)
        .withImageId("build", "docker.io/library/node@sha256:" + "5b".repeat(32));
    AtomicInteger originals = new AtomicInteger();
    Space ns = k.namespace("stuck-image", job -> RunScript.attemptOf(job) == 0 && originals.getAndIncrement() == 0
        ? green : moved);
    ns.run("backend-ci-build-1", StrictCluster::node);
    await().atMost(Duration.ofSeconds(15)).until(() -> ns.policy().getStatus().getKnownGood() != null);
    ns.run("backend-ci-build-2", StrictCluster::node);

    IncidentStatus st = assertFailedHeal(ns, "Failed to pull image \"node@sha256:" + "a1".repeat(32) + "\"",
        "backend-ci-build-2");
    assertThat(st.actions).anySatisfy(a -> assertThat(a.message).contains("not found"));
    assertThat(st.action).isEqualTo("patch_dependency_version");
    assertThat(ns.retries("backend-ci-build-2").get(0).getSpec().getTemplate().getSpec().getContainers().get(0)
        .getImage()).isEqualTo("node" + GONE_NODE.substring(GONE_NODE.indexOf('@')));
  }

  @Test
  void aCreateRefusedAfterThePassedDryRunIsRetriedThenGivenUpWithItsReason() {
    Space ns = k.namespace("refused-create", RunScript.byAttempt(FLAKY, PASS));
    AdmissionPolicy quotaFull = AdmissionPolicy.refuse(r -> true, 403, "Forbidden",
        "jobs.batch \"backend-ci-build-1-heal-1\" is forbidden: exceeded quota: ci-jobs, requested:"
            + " count/jobs.batch=1, used: count/jobs.batch=10, limited: count/jobs.batch=10");
    AdmissionPolicy terminating = AdmissionPolicy.refuse(r -> true, 403, "Forbidden",
        "jobs.batch \"backend-ci-build-1-heal-1\" is forbidden: unable to create new content in namespace "
            + ns.ns + " because it is being terminated");
    AtomicInteger creates = new AtomicInteger();
    k.cluster.setAdmission(r -> r.isMainResourceOf("Job") && r.namespace().equals(ns.ns) && !r.dryRun()
        && r.name().contains("-heal-")
        ? (creates.incrementAndGet() == 1 ? quotaFull : terminating).review(r)
        : java.util.Optional.empty());
    ns.run("backend-ci-build-1", s -> s);

    // The first refusal is tried again (on the next event of the failed Job, at the latest after its back-off);
    // the second cannot change by waiting.
    IncidentStatus st = ns.awaitOutcome("backend-ci-build-1", "Failed", FAILED_WITHIN);
    assertThat(st.actions).filteredOn(a -> a.kind.equals("DryRun")).singleElement()
        .satisfies(a -> assertThat(a.result).isEqualTo("Succeeded"));
    assertThat(st.actions).filteredOn(a -> a.kind.equals("Create")).extracting(a -> a.message)
        .satisfiesExactly(
            first -> assertThat(first).contains("Forbidden (403)").contains("exceeded quota: ci-jobs"),
            second -> assertThat(second).contains("is being terminated"));
    assertThat(ns.retries("backend-ci-build-1")).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> ns.alerts().stream()
        .anyMatch(a -> a.contains("is being terminated")));
  }

  private static IncidentStatus assertFailedHeal(Space ns, String why) {
    return assertFailedHeal(ns, why, "backend-ci-build-1");
  }

  private static IncidentStatus assertFailedHeal(Space ns, String why, String root) {
    IncidentStatus st = ns.awaitOutcome(root, "Failed", FAILED_WITHIN);
    Job stuck = ns.retries(root).get(0);
    assertThat(st.actions).anySatisfy(a -> {
      assertThat(a.kind).isEqualTo("Watch");
      assertThat(a.target).isEqualTo(stuck.getMetadata().getName());
      assertThat(a.message).contains("has not started after " + StrictCluster.START_TIMEOUT.toSeconds() + "s")
          .contains(why);
    });
    // The Event is recorded after the incident's status is written.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(ns.events("HealFailed")).anySatisfy(e -> assertThat(e.getMessage()).contains(why)));
    String inJson = why.replace("\"", "\\\"");
    await().atMost(Duration.ofSeconds(10)).until(() -> ns.alerts().stream().anyMatch(a -> a.contains(inJson)));
    return st;
  }
}
