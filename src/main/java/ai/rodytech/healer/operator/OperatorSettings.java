package ai.rodytech.healer.operator;

import ai.rodytech.healer.operator.PolicyReconciler.IncidentRetention;
import ai.rodytech.healer.operator.observe.LogLimits;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's settings, read once at start-up (flags and environment, see {@code healer run --help} and
 * docs/operations.md).
 *
 * @param namespaces namespaces to watch; empty means all
 * @param leaseNamespace when present, leader election on a Lease in that namespace (needed with >1 replica)
 * @param useServerSideApply whether JOSDK may use server-side apply (off only against the mock API server)
 * @param logLimits how much of a failed container's log is read
 * @param retention how long finished incidents are kept
 * @param staleRunAge runs that finished longer ago than this are history, never acted on
 * @param reconcileThreads concurrent reconciliations
 * @param startTimeout how long a corrective run may take to start before the heal counts as failed
 * @param listLimit page size of the informers' initial lists (the API server pages a large namespace)
 * @param runSelector an optional label selector: only runs matching it are watched
 * @param statusInterval how often at most a policy's aggregates, and a pipeline's run ledger, are written
 * @param leaderTiming how the replicas elect their leader (with a lease namespace)
 */
public record OperatorSettings(
    Set<String> namespaces,
    Optional<String> leaseNamespace,
    boolean useServerSideApply,
    LogLimits logLimits,
    IncidentRetention retention,
    Duration staleRunAge,
    int reconcileThreads,
    Duration startTimeout,
    long listLimit,
    Optional<String> runSelector,
    Duration statusInterval,
    LeaderTiming leaderTiming) {

  /**
   * Leader election on a Lease: how long a lease lasts, how long the leader keeps trying to renew it, how often
   * others try to take it; whether a replica that loses it exits (it should, in a pod: it is restarted clean).
   * A new leader takes over at most about {@code leaseDuration + retryPeriod} after the old one stopped renewing
   * (it died); within about {@code retryPeriod} when the old one stopped on purpose and gave the lease up
   * ({@code releaseOnStop}: a rolling update, a drain; see {@link LeaderLease}).
   */
  public record LeaderTiming(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, Optional<String> identity,
      boolean exitOnStopLeading, boolean releaseOnStop) {
    /** JOSDK's defaults: 15 s, 10 s, 2 s; a pod that loses the lease exits, one that stops gives it up. */
    public static final LeaderTiming DEFAULT = new LeaderTiming(Duration.ofSeconds(15), Duration.ofSeconds(10),
        Duration.ofSeconds(2), Optional.empty(), true, true);
  }

  public static final String LEASE_NAME = "pipeline-healer-leader";

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }

  /** Defaults for a real cluster: all namespaces, no leader election, SSA on. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), Optional.empty(), true, LogLimits.DEFAULT,
        new IncidentRetention(Duration.ofDays(7), 50), Duration.ofHours(24), 10, Duration.ofMinutes(10), 500,
        Optional.empty(), Duration.ofSeconds(5), LeaderTiming.DEFAULT);
  }

  /** The same against the in-process mock API server, which rejects server-side apply. */
  public OperatorSettings forMockServer() {
    return new OperatorSettings(namespaces, leaseNamespace, false, logLimits, retention, staleRunAge,
        reconcileThreads, startTimeout, listLimit, runSelector, statusInterval, leaderTiming);
  }

  /** The same with leader election on a Lease in {@code namespace}. */
  public OperatorSettings withLeaderElection(String namespace, LeaderTiming timing) {
    return new OperatorSettings(namespaces, Optional.of(namespace), useServerSideApply, logLimits, retention,
        staleRunAge, reconcileThreads, startTimeout, listLimit, runSelector, statusInterval, timing);
  }

  /** The same watching only these namespaces. */
  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(watched, leaseNamespace, useServerSideApply, logLimits, retention, staleRunAge,
        reconcileThreads, startTimeout, listLimit, runSelector, statusInterval, leaderTiming);
  }

  /** The same with another interval for the coalesced writes (policy aggregates, run ledgers). */
  public OperatorSettings withStatusInterval(Duration interval) {
    return new OperatorSettings(namespaces, leaseNamespace, useServerSideApply, logLimits, retention, staleRunAge,
        reconcileThreads, startTimeout, listLimit, runSelector, interval, leaderTiming);
  }

  /** The same with another number of reconcile threads. */
  public OperatorSettings withReconcileThreads(int threads) {
    return new OperatorSettings(namespaces, leaseNamespace, useServerSideApply, logLimits, retention, staleRunAge,
        threads, startTimeout, listLimit, runSelector, statusInterval, leaderTiming);
  }

  /** The same with another start timeout (tests and the demo wait seconds, not minutes). */
  public OperatorSettings withStartTimeout(Duration timeout) {
    return new OperatorSettings(namespaces, leaseNamespace, useServerSideApply, logLimits, retention, staleRunAge,
        reconcileThreads, timeout, listLimit, runSelector, statusInterval, leaderTiming);
  }
}
