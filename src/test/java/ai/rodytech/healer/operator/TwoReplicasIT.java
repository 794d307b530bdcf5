package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.operator.act.Actuator;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election on a Lease against one API: only the leader acts, and a leader that dies
 * between recording a decision and creating its run leaves the heal to the new leader, which finishes it exactly
 * once.
 */
class TwoReplicasIT {
  private static final String NS = "ci";
  private static final Map<String, String> BACKEND = Map.of(Labels.PIPELINE, "backend-ci-build");
  // Short, so that the test takes seconds; the production defaults are 15 s, 10 s, 2 s.
  private static final OperatorSettings.LeaderTiming FAST = new OperatorSettings.LeaderTiming(
      Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(300), Optional.empty(), false, true);

  private final InProcessCluster cluster = InProcessCluster.start();
  private final KubernetesClient client = cluster.newClient();
  private final ConcurrentLinkedQueue<String> creations = new ConcurrentLinkedQueue<>();
  private final Replica a = new Replica("replica-a");
  private final Replica b = new Replica("replica-b");

  /** One replica: its operator, and a hook that records its creations and can make it die before one. */
  private final class Replica implements Actuator.Hook {
    final String id;
    /** FAST, or another timing set before start. */
    OperatorSettings.LeaderTiming timing = FAST;
    HealerOperator operator;
    volatile CountDownLatch reached;
    final CountDownLatch release = new CountDownLatch(1);

    Replica(String id) {
      this.id = id;
    }

    void start() {
      OperatorSettings settings = OperatorSettings.defaults().forMockServer()
          .withLeaderElection(NS, new OperatorSettings.LeaderTiming(timing.leaseDuration(),
              timing.renewDeadline(), timing.retryPeriod(), Optional.of(id), false, timing.releaseOnStop()));
      TestingBrain brain = new TestingBrain(Category.TRANSIENT_INFRA);
      operator = HealerOperator.start(OperatorClient.build(cluster.config()), settings, new HealerOperator.Services(p -> brain, null,
          Redactor.none(), new SimpleMeterRegistry(), Clock.systemUTC(), this));
    }

    @Override
    public void beforeCreate(String runName) {
      if (reached != null) {
        reached.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(id + " died between the decision and the create");
      }
      creations.add(id + ":" + runName);
    }

    void close() {
      if (operator != null) {
        operator.close();
        operator = null;
      }
    }
  }

  @AfterEach
  void stop() {
    a.release.countDown();
    b.release.countDown();
    a.close();
    b.close();
    client.close();
    cluster.close();
  }

  @Test
  void onlyTheLeaderActs() {
    policy();
    a.start();
    awaitLeader("replica-a");
    b.start();
    for (int i = 1; i <= 3; i++) {
      failedJob("backend-ci-build-" + i);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> correctiveRuns().size() == 3);
    settle();

    assertThat(creations).hasSize(3).allMatch(c -> c.startsWith("replica-a:"));
    assertThat(correctiveRuns()).hasSize(3);
  }

  @Test
  void aLeaderThatDiesBetweenTheDecisionAndTheCreateLeavesItToTheNewLeaderExactlyOnce() throws Exception {
    policy();
    a.reached = new CountDownLatch(1);
    // A death, not a stop: replica-a gives nothing up, its Lease expires.
    a.timing = new OperatorSettings.LeaderTiming(FAST.leaseDuration(), FAST.renewDeadline(), FAST.retryPeriod(),
        Optional.empty(), false, false);
    a.start();
    awaitLeader("replica-a");
    b.start();
    failedJob("backend-ci-build-9");

    assertThat(a.reached.await(30, TimeUnit.SECONDS)).as("replica-a recorded its decision").isTrue();
    PipelineIncident decided = incidents().get(0);
    assertThat(decided.getStatus().pending).isNotNull();
    assertThat(correctiveRuns()).as("nothing created yet").isEmpty();
    // replica-a dies: its create never happens, and it stops renewing the lease.
    Instant died = Instant.now();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(a::close);
    a.release.countDown();
    closing.get(60, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(60)).until(() -> correctiveRuns().size() == 1);
    Duration failover = Duration.between(died, Instant.now());
    settle();

    assertThat(correctiveRuns()).hasSize(1);
    assertThat(creations).singleElement().satisfies(c -> assertThat(c).startsWith("replica-b:"));
    assertThat(incidents()).singleElement().satisfies(i -> {
      assertThat(i.getStatus().decisions).as("decided once; finished by the new leader").hasSize(1);
      assertThat(correctiveRuns().get(0).getMetadata().getName()).isEqualTo(i.getStatus().pending.run);
    });
    assertThat(holder()).contains("replica-b");
    System.out.printf("failover: the new leader created the run %d ms after the old one died (lease %s)%n",
        failover.toMillis(), FAST.leaseDuration());
  }

  @Test
  void aLeaderThatStopsGivesTheLeaseUpAndTheOtherTakesOverWithinItsRetryPeriodNotTheLeasesDuration() {
    // A long Lease, so that waiting for it to expire cannot pass for a takeover.
    OperatorSettings.LeaderTiming longLease = new OperatorSettings.LeaderTiming(Duration.ofSeconds(20),
        Duration.ofSeconds(15), Duration.ofMillis(300), Optional.empty(), false, true);
    a.timing = longLease;
    b.timing = longLease;
    policy();
    a.start();
    awaitLeader("replica-a");
    b.start();
    failedJob("backend-ci-build-1");
    await().atMost(Duration.ofSeconds(30)).until(() -> correctiveRuns().size() == 1);

    Instant stopped = Instant.now();
    a.close(); // a rolling update's SIGTERM: the shutdown hook closes the operator
    Duration closing = Duration.between(stopped, Instant.now());
    awaitLeader("replica-b");
    Duration takeover = Duration.between(stopped, Instant.now());
    failedJob("backend-ci-build-2");
    await().atMost(Duration.ofSeconds(30)).until(() -> correctiveRuns().size() == 2);
    settle();

    assertThat(takeover).as("well within the Lease's 20 s").isLessThan(Duration.ofSeconds(5));
    assertThat(creations).containsExactly("replica-a:" + correctiveRunOf("backend-ci-build-1"),
        "replica-b:" + correctiveRunOf("backend-ci-build-2"));
    System.out.printf("failover on a stop: the operator closed in %d ms, the other replica led %d ms after the stop "
        + "began (lease %s, retry %s)%n", closing.toMillis(), takeover.toMillis(), longLease.leaseDuration(),
        longLease.retryPeriod());
  }

  private void policy() {
    try (InputStream in = TwoReplicasIT.class.getResourceAsStream("/policies/seed.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      policy.getMetadata().setNamespace(NS);
      policy.getSpec().setFailureThreshold(1);
      client.resource(policy).inNamespace(NS).create();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void failedJob(String name) {
    Job job = client.batch().v1().jobs().inNamespace(NS).resource(OperatorHarness.template(name, BACKEND)).create();
    String now = Instant.now().toString();
    job.setStatus(new JobStatusBuilder().withFailed(1).withStartTime(now).withConditions(new JobConditionBuilder()
        .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").withLastTransitionTime(now)
        .build()).build());
    client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
  }

  private List<Job> correctiveRuns() {
    return client.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
        .filter(j -> j.getMetadata().getName().contains("-heal-"))
        .toList();
  }

  private String correctiveRunOf(String failed) {
    return correctiveRuns().stream().map(job -> job.getMetadata().getName())
        .filter(name -> name.startsWith(failed + "-")).findFirst().orElseThrow();
  }

  private List<PipelineIncident> incidents() {
    return client.resources(PipelineIncident.class).inNamespace(NS).list().getItems();
  }

  private Optional<String> holder() {
    Lease lease = client.leases().inNamespace(NS).withName(OperatorSettings.LEASE_NAME).get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity());
  }

  private void awaitLeader(String id) {
    await().atMost(Duration.ofSeconds(30)).until(() -> holder().map(id::equals).orElse(false));
  }

  private static void settle() {
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
  }
}
