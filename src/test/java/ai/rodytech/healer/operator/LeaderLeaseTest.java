package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A replica's part in the election: what losing the Lease does, what stopping does, and giving it up. */
class LeaderLeaseTest {
  private static final String NS = "pipeline-healer";

  private final InProcessCluster cluster = InProcessCluster.start();
  private final KubernetesClient client = cluster.newClient();
  private final List<String> exits = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

  /**
   * Run in a child JVM: an operator that leads, closed by a shutdown hook as a pod's SIGTERM closes it; prints who
   * holds the Lease once it is closed. With JOSDK's own exit on a stop, the hook never returned.
   */
  public static void main(String[] args) throws Exception {
    InProcessCluster cluster = InProcessCluster.start();
    KubernetesClient client = cluster.newClient();
    OperatorSettings settings = OperatorSettings.defaults().forMockServer().withLeaderElection(NS,
        new OperatorSettings.LeaderTiming(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofMillis(200),
            Optional.of("replica-a"), true, true));
    RulesBrain brain = new RulesBrain(SignatureCatalog.load(List.of()), Redactor.none());
    HealerOperator operator = HealerOperator.start(OperatorClient.build(cluster.config()), settings,
        new HealerOperator.Services(p -> brain, null, Redactor.none(), new SimpleMeterRegistry(), Clock.systemUTC()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      System.out.println("closed; holder: " + holder(client));
    }));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!"replica-a".equals(holder(client)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    System.out.println("leading: " + holder(client));
    System.exit(0);
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().inNamespace(NS).withName(OperatorSettings.LEASE_NAME).get();
    return lease == null ? "no lease" : String.valueOf(lease.getSpec().getHolderIdentity());
  }

  @Test
  void aLeaderStoppedByItsShutdownHookFinishesTheStopAndGivesTheLeaseUp() throws Exception {
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LeaderLeaseTest.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> out = new ArrayList<>();
    Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(java.getInputStream(),
        StandardCharsets.UTF_8)).lines().forEach(out::add));
    reader.start();

    boolean exited = java.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      java.destroyForcibly();
    }
    reader.join(5_000);

    assertThat(exited).as("the JVM ended; its output: %s", out).isTrue();
    assertThat(java.exitValue()).isZero();
    assertThat(out).containsExactly("leading: replica-a", "closed; holder: null");
  }

  @Test
  void losingTheLeaseWhileRunningEndsTheProcessOnAThreadOfItsOwn() {
    LeaderLease lease = lease("replica-a", true);

    lease.callbacks().onStopLeading();

    await().atMost(Duration.ofSeconds(5)).until(() -> exits.size() == 1);
    assertThat(exits).containsExactly("healer-lost-lease");
  }

  @Test
  void aStopOnPurposeOrATestsJvmDoesNotEndTheProcess() throws Exception {
    LeaderLease stopping = lease("replica-a", true);
    stopping.stopping();
    stopping.callbacks().onStopLeading();
    lease("replica-b", false).callbacks().onStopLeading();

    Thread.sleep(300);
    assertThat(exits).isEmpty();
  }

  @Test
  void onlyItsHolderGivesTheLeaseUp() {
    ZonedDateTime renewed = ZonedDateTime.now().minusSeconds(3);
    client.resource(new LeaseBuilder().withNewMetadata().withName(OperatorSettings.LEASE_NAME).withNamespace(NS)
        .endMetadata().withNewSpec().withHolderIdentity("replica-a").withLeaseDurationSeconds(15)
        .withAcquireTime(renewed).withRenewTime(renewed).withLeaseTransitions(2).endSpec().build()).create();

    assertThat(lease("replica-b", true).release()).isFalse();
    assertThat(client.leases().inNamespace(NS).withName(OperatorSettings.LEASE_NAME).get().getSpec()
        .getHolderIdentity()).isEqualTo("replica-a");

    assertThat(lease("replica-a", true).release()).isTrue();
    Lease given = client.leases().inNamespace(NS).withName(OperatorSettings.LEASE_NAME).get();
    assertThat(given.getSpec().getHolderIdentity()).isNull();
    assertThat(given.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
    assertThat(given.getSpec().getRenewTime()).isAfter(renewed);
    assertThat(given.getSpec().getLeaseTransitions()).as("kept, as client-go keeps it").isEqualTo(2);
  }

  @Test
  void withoutALeaseThereIsNothingToGiveUp() {
    assertThat(lease("replica-a", true).release()).isFalse();
  }

  @Test
  void theIdentityIsTheConfiguredOneElseTheHostsElseNew() {
    assertThat(LeaderLease.identity(Optional.of("replica-a"))).isEqualTo("replica-a");
    String host = System.getenv("HOSTNAME");
    String derived = LeaderLease.identity(Optional.of(" "));
    if (host != null && !host.isBlank()) {
      assertThat(derived).isEqualTo(host);
    } else {
      assertThat(derived).hasSize(36).isNotEqualTo(LeaderLease.identity(Optional.empty()));
    }
  }

  private LeaderLease lease(String identity, boolean exitOnLoss) {
    OperatorSettings.LeaderTiming timing = new OperatorSettings.LeaderTiming(Duration.ofSeconds(15),
        Duration.ofSeconds(10), Duration.ofSeconds(2), Optional.of(identity), exitOnLoss, true);
    return new LeaderLease(client, NS, timing, () -> exits.add(Thread.currentThread().getName()), Clock.systemUTC());
  }
}
