package ai.rodytech.healer.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's part in the election on the Lease {@link OperatorSettings#LEASE_NAME}: its identity, what it does
 * when it loses the Lease, and giving the Lease up when it stops.
 *
 * <p>Losing the Lease while running (another replica took it: this one could not renew in time) ends the process,
 * so that the pod restarts clean and two leaders never act at once. JOSDK can do that itself, but calls
 * {@code System.exit} from the elector's callback also when the replica stops on purpose: in a shutdown hook (a pod's
 * SIGTERM: a rolling update, a drain) that call blocks for ever, so the stop never finished — the policies' pending
 * status and the run ledger's pending writes were never flushed, and the pod hung until the kubelet killed it. Here
 * a stop on purpose is told apart, and the exit runs on a thread of its own, not in the elector's.
 *
 * <p>Stopping on purpose, the replica gives the Lease up (as client-go's {@code ReleaseOnCancel} does: no holder, a
 * duration of one second), after its reconcilers and writers stopped. The other replica then takes over at its next
 * try, within the retry period, instead of waiting for the Lease to expire (its whole duration, 15 s by default). A
 * replica that dies gives nothing up: the Lease expires.
 */
final class LeaderLease {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);

  private final KubernetesClient client;
  private final String namespace;
  private final OperatorSettings.LeaderTiming timing;
  private final String identity;
  private final Runnable exit;
  private final Clock clock;
  private volatile boolean stopping;

  /**
   * @param timing the election's timing, this replica's identity (else {@link #identity(Optional)}'s), whether
   *     losing the Lease while running ends the process (in a pod, yes; in tests the JVM stays) and whether
   *     {@link #stopped} gives it up (no: a test's way to model a death)
   * @param exit how the process ends, run on a thread of its own
   */
  LeaderLease(KubernetesClient client, String namespace, OperatorSettings.LeaderTiming timing, Runnable exit,
      Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.timing = timing;
    this.identity = identity(timing.identity());
    this.exit = exit;
    this.clock = clock;
  }

  /** The identity a replica holds the Lease under: the configured one, else the host's name (the pod's), else new. */
  static String identity(Optional<String> configured) {
    return configured.filter(id -> !id.isBlank())
        .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")).filter(id -> !id.isBlank()))
        .orElseGet(() -> UUID.randomUUID().toString());
  }

  /** JOSDK's election on this Lease with this replica's timing, identity and callbacks. */
  LeaderElectionConfiguration configuration() {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(OperatorSettings.LEASE_NAME)
        .withLeaseNamespace(namespace)
        .withLeaseDuration(timing.leaseDuration())
        .withRenewDeadline(timing.renewDeadline())
        .withRetryPeriod(timing.retryPeriod())
        .withIdentity(identity)
        // Whether a loss ends the process is decided here (stoppedLeading): JOSDK's exit ran on a stop too.
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(callbacks())
        .build();
  }

  /** Callbacks for the elector: only the loss of the Lease matters here. */
  LeaderCallbacks callbacks() {
    return new LeaderCallbacks(() -> {}, this::stoppedLeading, leader -> {});
  }

  void stoppedLeading() {
    if (stopping) {
      return;
    }
    if (!timing.exitOnStopLeading()) {
      LOG.warn("{} lost the Lease {}/{}; configured not to exit", identity, namespace, OperatorSettings.LEASE_NAME);
      return;
    }
    LOG.error("{} lost the Lease {}/{} (it could not renew it in time): exiting, so that the pod restarts clean and "
        + "the new leader acts alone", identity, namespace, OperatorSettings.LEASE_NAME);
    Thread exiting = new Thread(exit, "healer-lost-lease");
    exiting.start();
  }

  /** From now on the elector's stop is this replica's own: it does not end the process. */
  void stopping() {
    stopping = true;
  }

  /** The replica no longer acts: gives the Lease up, unless configured not to. */
  void stopped() {
    if (timing.releaseOnStop()) {
      release();
    }
  }

  /**
   * Gives the Lease up if this replica holds it: no holder, a duration of one second, written against the version
   * read (a replica that took it meanwhile keeps it). Call once the replica no longer acts.
   *
   * @return whether it was given up
   */
  boolean release() {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(OperatorSettings.LEASE_NAME).get();
      if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.now(clock);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      client.resource(lease).update();
      LOG.info("{} gave the Lease {}/{} up", identity, namespace, OperatorSettings.LEASE_NAME);
      return true;
    } catch (KubernetesClientException e) {
      // Taken meanwhile (409), or the API is unreachable: the Lease expires by itself.
      LOG.warn("{} could not give the Lease {}/{} up ({}); it expires by itself", identity, namespace,
          OperatorSettings.LEASE_NAME, e.getMessage());
      return false;
    }
  }
}
