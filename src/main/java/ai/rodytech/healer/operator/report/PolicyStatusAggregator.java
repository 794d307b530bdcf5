package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyStatus;
import ai.rodytech.healer.api.PolicyStatus.IncidentBrief;
import ai.rodytech.healer.api.PolicyStatus.KnownGood;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one owner of a policy's status: conditions (with observedGeneration and lastTransitionTime), the
 * pipeline's failure count, counters, recent incidents and known-good versions. Writes only on change.
 */
public final class PolicyStatusAggregator {
  public static final String READY = "Ready";
  public static final String INVALID = "Invalid";
  public static final String CONFLICT = "Conflict";
  static final int COUNTED_RUNS_KEPT = 200;
  static final int RECENT_INCIDENTS_KEPT = 5;

  private final StatusWriter<PipelineRecoveryPolicy, PolicyStatus> writer;
  private final Clock clock;

  /** The result of counting one finished run. */
  public record Count(boolean newlyCounted, int consecutiveFailures) {}

  public PolicyStatusAggregator(KubernetesClient client, Clock clock) {
    this.writer = new StatusWriter<>(client, PipelineRecoveryPolicy.class, PolicyStatus::new);
    this.clock = clock;
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
   * Counts a finished run of the pipeline once (by UID): a failure raises the consecutive count, a success
   * resets it and records the versions it used. {@code brief}, when given, goes first in the recent incidents in
   * the same write.
   */
  public Count countRun(
      PipelineRecoveryPolicy policy, String runUid, boolean failed, boolean healerAttempt, KnownGood usedVersions,
      IncidentBrief brief) {
    int[] result = {-1, 0};
    edit(policy, status -> {
      if (brief != null) {
        recent(status, brief);
      }
      Optional<Integer> earlier = countedAs(status.getCountedRuns(), runUid);
      if (earlier.isPresent()) {
        // Counted before (an earlier event, a restart): answer with the count as it stood then, so the
        // threshold decision for this run never changes after the fact.
        result[0] = 0;
        result[1] = earlier.get();
        return;
      }
      if (failed) {
        status.setFailuresSeen(status.getFailuresSeen() + 1);
        status.setConsecutiveFailures(status.getConsecutiveFailures() + 1);
      } else {
        status.setConsecutiveFailures(0);
        if (healerAttempt) {
          // In the same write as the count, so a restart can neither lose nor repeat it.
          status.setHealsSucceeded(status.getHealsSucceeded() + 1);
        }
        if (usedVersions != null) {
          status.setKnownGood(usedVersions);
        }
      }
      List<String> runs = new ArrayList<>(status.getCountedRuns());
      runs.add(runUid + "=" + status.getConsecutiveFailures());
      status.setCountedRuns(new ArrayList<>(runs.subList(Math.max(0, runs.size() - COUNTED_RUNS_KEPT), runs.size())));
      result[0] = 1;
      result[1] = status.getConsecutiveFailures();
    });
    return new Count(result[0] == 1, result[1]);
  }

  private static Optional<Integer> countedAs(List<String> counted, String runUid) {
    String prefix = runUid + "=";
    return counted.stream()
        .filter(entry -> entry.startsWith(prefix))
        .map(entry -> Integer.parseInt(entry.substring(prefix.length())))
        .findFirst();
  }

  /**
   * Counts a run the healer created, once per run name whatever the number of calls, and puts its incident first
   * in the recent list (when {@code brief} is given), in one write.
   */
  public void healAttempted(PipelineRecoveryPolicy policy, String runName, IncidentBrief brief) {
    edit(policy, status -> {
      if (!status.getAttemptedRuns().contains(runName)) {
        List<String> runs = new ArrayList<>(status.getAttemptedRuns());
        runs.add(runName);
        status.setAttemptedRuns(
            new ArrayList<>(runs.subList(Math.max(0, runs.size() - COUNTED_RUNS_KEPT), runs.size())));
        status.setHealsAttempted(status.getHealsAttempted() + 1);
      }
      if (brief != null) {
        recent(status, brief);
      }
    });
  }

  /** Puts an incident's latest state first in the recent list and as the last outcome. */
  public void incident(PipelineRecoveryPolicy policy, IncidentBrief brief) {
    edit(policy, status -> recent(status, brief));
  }

  private static void recent(PolicyStatus status, IncidentBrief brief) {
    List<IncidentBrief> recent = new ArrayList<>(status.getRecentIncidents());
    recent.removeIf(b -> Objects.equals(b.getName(), brief.getName()));
    recent.add(0, brief);
    status.setRecentIncidents(new ArrayList<>(recent.subList(0, Math.min(RECENT_INCIDENTS_KEPT, recent.size()))));
    status.setLastOutcome(brief.getOutcome());
  }

  public String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  private Optional<PipelineRecoveryPolicy> edit(PipelineRecoveryPolicy policy, Consumer<PolicyStatus> change) {
    return writer.edit(
        policy.getMetadata().getNamespace(), policy.getMetadata().getName(), p -> change.accept(p.getStatus()));
  }

  private void conditions(PipelineRecoveryPolicy policy, List<Condition> wanted) {
    Long generation = policy.getMetadata().getGeneration();
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
