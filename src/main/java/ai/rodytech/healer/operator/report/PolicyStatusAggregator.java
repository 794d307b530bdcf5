package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyStatus;
import ai.rodytech.healer.api.PolicyStatus.IncidentBrief;
import ai.rodytech.healer.api.PolicyStatus.KnownGood;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one owner of a policy's status: conditions (with observedGeneration and lastTransitionTime), and aggregates
 * of what the healer saw and did — counters, the current run of failures, the newest incidents, the versions of
 * the last good run. Its size does not grow with the number of runs. Conditions are written when they change;
 * the aggregates are coalesced: gathered in memory and written at most once per {@code interval} per policy, off
 * the path of any single heal.
 *
 * <p>Each finished run is counted once: in memory by UID, and across restarts by {@code status.countedThrough},
 * the newest finish time counted; a run that finished before it is never counted again (docs/semantics.md).
 */
public final class PolicyStatusAggregator implements AutoCloseable {
  public static final String READY = "Ready";
  public static final String INVALID = "Invalid";
  public static final String CONFLICT = "Conflict";
  static final int RECENT_INCIDENTS_KEPT = 5;

  private final StatusWriter<PipelineRecoveryPolicy, PolicyStatus> writer;
  private final Clock clock;
  private final Duration interval;
  private final ScheduledExecutorService flusher;
  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

  /** What is waiting to be written for one policy, and what was counted since the last watermark. */
  private static final class Tally {
    final String namespace;
    final String name;
    long failures;
    long healsAttempted;
    long healsSucceeded;
    long pages;
    Integer consecutiveFailures;
    final List<IncidentBrief> briefs = new ArrayList<>();
    KnownGood knownGood;
    /** The newest known-good versions recorded in this process, written or not. */
    KnownGood lastKnownGood;
    Instant newestCounted;
    /** What the status said when this process first saw the policy: runs finished by then were counted. */
    Instant restartMark;
    boolean restartMarkRead;
    /** The newest finish time this process wrote: runs finished before it were counted (or came too late). */
    Instant watermark;
    /** Runs counted at or after the watermark, so that the same second is not counted twice in this process. */
    final Map<String, Instant> counted = new HashMap<>();
    boolean scheduled;
    long lastWriteNanos = Long.MIN_VALUE / 2;

    Tally(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    boolean dirty() {
      return failures != 0 || healsAttempted != 0 || healsSucceeded != 0 || pages != 0 || consecutiveFailures != null
          || !briefs.isEmpty() || knownGood != null || newestCounted != null;
    }
  }

  public PolicyStatusAggregator(KubernetesClient client, Clock clock, Duration interval) {
    this.writer = new StatusWriter<>(client, PipelineRecoveryPolicy.class, PolicyStatus::new);
    this.clock = clock;
    this.interval = interval;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "policy-status");
      t.setDaemon(true);
      return t;
    });
  }

  public void markReady(PipelineRecoveryPolicy policy) {
    conditions(policy, List.of(
        condition(READY, true, "Valid", "The policy is valid and in force.", policy),
        condition(INVALID, false, "Valid", "", policy),
        condition(CONFLICT, false, "NoConflict", "", policy)));
  }

  public void markInvalid(PipelineRecoveryPolicy policy, String message) {
    conditions(policy, List.of(
        condition(READY, false, "Invalid", message, policy),
        condition(INVALID, true, "InvalidSpec", message, policy),
        condition(CONFLICT, false, "NoConflict", "", policy)));
  }

  public void markConflict(PipelineRecoveryPolicy policy, String message) {
    conditions(policy, List.of(
        condition(READY, false, "Conflict", message, policy),
        condition(INVALID, false, "Valid", "", policy),
        condition(CONFLICT, true, "SamePipeline", message, policy)));
  }

  /**
   * A finished run of the pipeline: counted once (a failure in failuresSeen), and the pipeline's current run of
   * failures as derived from the runs. Returns whether it was counted now (false: counted before).
   */
  public boolean runFinished(
      PipelineRecoveryPolicy policy, String runUid, boolean failed, Instant finishedAt, int consecutiveFailures) {
    Instant at = finishedAt == null ? clock.instant() : finishedAt.truncatedTo(ChronoUnit.SECONDS);
    return compute(policy, t -> {
      t.consecutiveFailures = consecutiveFailures;
      if (!t.restartMarkRead) {
        t.restartMarkRead = true;
        t.restartMark = policy.getStatus() == null ? null : parse(policy.getStatus().getCountedThrough());
      }
      // Before a restart the same second may have been counted in part: at or before the mark is counted.
      if (t.restartMark != null && !at.isAfter(t.restartMark)
          || t.watermark != null && at.isBefore(t.watermark) || t.counted.containsKey(runUid)) {
        return false;
      }
      t.counted.put(runUid, at);
      if (failed) {
        t.failures++;
      }
      t.newestCounted = t.newestCounted == null || at.isAfter(t.newestCounted) ? at : t.newestCounted;
      return true;
    });
  }

  /** A corrective run was created. */
  public void healAttempted(PipelineRecoveryPolicy policy) {
    change(policy, t -> {
      t.healsAttempted++;
    });
  }

  /** A corrective run succeeded. */
  public void healSucceeded(PipelineRecoveryPolicy policy) {
    change(policy, t -> {
      t.healsSucceeded++;
    });
  }

  /** A person was asked to act (an alert that needs a human, an approval asked). */
  public void pageSent(PipelineRecoveryPolicy policy) {
    change(policy, t -> {
      t.pages++;
    });
  }

  /** An incident's latest state: first in the recent list, and the last outcome. */
  public void incident(PipelineRecoveryPolicy policy, IncidentBrief brief) {
    if (brief != null) {
      change(policy, t -> {
        t.briefs.add(brief);
      });
    }
  }

  /** The versions the pipeline's last successful run used. */
  public void knownGood(PipelineRecoveryPolicy policy, KnownGood versions) {
    change(policy, t -> {
      t.knownGood = versions;
      t.lastKnownGood = versions;
    });
  }

  /** The newest known-good versions: recorded in this process (maybe not written yet), else the status's. */
  public Optional<KnownGood> knownGood(PipelineRecoveryPolicy policy) {
    Tally t = tallies.get(policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName());
    if (t != null) {
      synchronized (t) {
        if (t.lastKnownGood != null) {
          return Optional.of(t.lastKnownGood);
        }
      }
    }
    return Optional.ofNullable(policy.getStatus()).map(PolicyStatus::getKnownGood);
  }

  /** Writes everything gathered, now (tests, shutdown). */
  public void flush() {
    for (Tally t : tallies.values()) {
      write(t);
    }
  }

  @Override
  public void close() {
    flusher.shutdown();
    flush();
  }

  public String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  private <T> T compute(PipelineRecoveryPolicy policy, java.util.function.Function<Tally, T> edit) {
    String ns = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    Tally tally = tallies.computeIfAbsent(ns + "/" + name, k -> new Tally(ns, name));
    T result;
    synchronized (tally) {
      result = edit.apply(tally);
      if (!tally.scheduled && tally.dirty()) {
        tally.scheduled = true;
        long wait = Math.max(0, tally.lastWriteNanos + interval.toNanos() - System.nanoTime());
        flusher.schedule(() -> write(tally), wait, TimeUnit.NANOSECONDS);
      }
    }
    return result;
  }

  private void change(PipelineRecoveryPolicy policy, Consumer<Tally> edit) {
    compute(policy, t -> {
      edit.accept(t);
      return null;
    });
  }

  /** Takes what a tally gathered and writes it in one status write; a failed write puts it back. */
  private void write(Tally t) {
    Tally taken = new Tally(t.namespace, t.name);
    synchronized (t) {
      t.scheduled = false;
      if (!t.dirty()) {
        return;
      }
      taken.failures = t.failures;
      taken.healsAttempted = t.healsAttempted;
      taken.healsSucceeded = t.healsSucceeded;
      taken.pages = t.pages;
      taken.consecutiveFailures = t.consecutiveFailures;
      taken.briefs.addAll(t.briefs);
      taken.knownGood = t.knownGood;
      taken.newestCounted = t.newestCounted;
      t.failures = 0;
      t.healsAttempted = 0;
      t.healsSucceeded = 0;
      t.pages = 0;
      t.consecutiveFailures = null;
      t.briefs.clear();
      t.knownGood = null;
      t.newestCounted = null;
      t.lastWriteNanos = System.nanoTime();
    }
    try {
      Optional<PipelineRecoveryPolicy> written = writer.edit(t.namespace, t.name, p -> apply(p.getStatus(), taken));
      if (written.isPresent() && taken.newestCounted != null) {
        synchronized (t) {
          if (t.watermark == null || taken.newestCounted.isAfter(t.watermark)) {
            t.watermark = taken.newestCounted;
          }
          // Runs before the watermark are covered by it; those in its second stay remembered.
          Instant mark = t.watermark;
          t.counted.values().removeIf(at -> at.isBefore(mark));
        }
      }
    } catch (RuntimeException e) {
      synchronized (t) {
        t.failures += taken.failures;
        t.healsAttempted += taken.healsAttempted;
        t.healsSucceeded += taken.healsSucceeded;
        t.pages += taken.pages;
        if (t.consecutiveFailures == null) {
          t.consecutiveFailures = taken.consecutiveFailures;
        }
        t.briefs.addAll(0, taken.briefs);
        if (t.knownGood == null) {
          t.knownGood = taken.knownGood;
        }
        if (t.newestCounted == null || taken.newestCounted != null && taken.newestCounted.isAfter(t.newestCounted)) {
          t.newestCounted = taken.newestCounted;
        }
        if (!t.scheduled) {
          t.scheduled = true;
          flusher.schedule(() -> write(t), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  private static void apply(PolicyStatus status, Tally taken) {
    status.setFailuresSeen(status.getFailuresSeen() + taken.failures);
    status.setHealsAttempted(status.getHealsAttempted() + taken.healsAttempted);
    status.setHealsSucceeded(status.getHealsSucceeded() + taken.healsSucceeded);
    status.setPagesSent(Objects.requireNonNullElse(status.getPagesSent(), 0L) + taken.pages);
    if (taken.consecutiveFailures != null) {
      status.setConsecutiveFailures(taken.consecutiveFailures);
    }
    for (IncidentBrief brief : taken.briefs) {
      List<IncidentBrief> recent = new ArrayList<>(status.getRecentIncidents());
      recent.removeIf(b -> Objects.equals(b.getName(), brief.getName()));
      recent.add(0, brief);
      status.setRecentIncidents(new ArrayList<>(recent.subList(0, Math.min(RECENT_INCIDENTS_KEPT, recent.size()))));
      status.setLastOutcome(brief.getOutcome());
      status.setLastIncident(brief.getName());
    }
    if (taken.knownGood != null) {
      status.setKnownGood(taken.knownGood);
    }
    if (taken.newestCounted != null) {
      Instant was = parse(status.getCountedThrough());
      if (was == null || taken.newestCounted.isAfter(was)) {
        status.setCountedThrough(DateTimeFormatter.ISO_INSTANT.format(taken.newestCounted));
      }
    }
  }

  private static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private Optional<PipelineRecoveryPolicy> edit(PipelineRecoveryPolicy policy, Consumer<PolicyStatus> change) {
    return writer.edit(
        policy.getMetadata().getNamespace(), policy.getMetadata().getName(), p -> change.accept(p.getStatus()));
  }

  private void conditions(PipelineRecoveryPolicy policy, List<Condition> wanted) {
    Long generation = policy.getMetadata().getGeneration();
    if (policy.getStatus() != null && Objects.equals(policy.getStatus().getObservedGeneration(), generation)
        && sameConditions(policy.getStatus().getConditions(), wanted)) {
      // The periodic re-check of a policy that has not changed: no write, and no read to find that out.
      return;
    }
    edit(policy, status -> {
      status.setObservedGeneration(generation);
      List<Condition> merged = new ArrayList<>();
      for (Condition want : wanted) {
        Optional<Condition> have =
            status.getConditions().stream().filter(c -> want.getType().equals(c.getType())).findFirst();
        if (have.isPresent() && Objects.equals(have.get().getStatus(), want.getStatus())) {
          want.setLastTransitionTime(have.get().getLastTransitionTime());
        }
        merged.add(want);
      }
      status.setConditions(merged);
    });
  }

  private static boolean sameConditions(List<Condition> have, List<Condition> wanted) {
    if (have == null || have.size() != wanted.size()) {
      return false;
    }
    for (Condition want : wanted) {
      boolean found = have.stream().anyMatch(c -> Objects.equals(c.getType(), want.getType())
          && Objects.equals(c.getStatus(), want.getStatus()) && Objects.equals(c.getReason(), want.getReason())
          && Objects.equals(Objects.toString(c.getMessage(), ""), Objects.toString(want.getMessage(), "")));
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private Condition condition(String type, boolean status, String reason, String message, PipelineRecoveryPolicy p) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(p.getMetadata().getGeneration())
        .withLastTransitionTime(now())
        .build();
  }
}
