package ai.rodytech.healer.operator.act;

import ai.rodytech.healer.api.IncidentStatus.PendingAction;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.operator.incident.IncidentJournal;
import ai.rodytech.healer.operator.run.RunHandle;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Act phase: creates the corrective run of a decision the guard approved, and records on the incident what
 * became of it when it did not work. "It exists already" counts as done only when it is the healer's own run for
 * that attempt; any other refusal is retried with back-off a bounded number of times, then a person is told.
 */
public final class Actuator {
  /** Creations tried for one attempt before a person is told. */
  public static final int MAX_CREATE_TRIES = 4;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);

  private final RunLauncher launcher;
  private final IncidentJournal journal;
  private final Hook hook;

  /**
   * Called after a decision is recorded and right before its run is created: where a test stops a replica "between
   * the intent and the act". Production uses {@link #NONE}.
   */
  @FunctionalInterface
  public interface Hook {
    Hook NONE = run -> {};

    void beforeCreate(String runName);
  }

  public Actuator(RunLauncher launcher, IncidentJournal journal, Hook hook) {
    this.launcher = launcher;
    this.journal = journal;
    this.hook = hook;
  }

  /** What carrying out a decision came to. */
  public record ActResult(Kind kind, String message, Duration retryAfter, Optional<PipelineIncident> incident) {
    public enum Kind {
      CREATED,
      ALREADY_CREATED,
      RETRY,
      FAILED
    }
  }

  public ActResult create(
      RunHandle<?> failed, PipelineIncident incident, PendingAction pending, ObjectNode candidate) {
    hook.beforeCreate(pending.run);
    CreateOutcome outcome = launcher.create(failed.kind(), candidate);
    if (outcome instanceof CreateOutcome.Created) {
      return new ActResult(ActResult.Kind.CREATED, "created", Duration.ZERO, Optional.empty());
    }
    if (outcome instanceof CreateOutcome.AlreadyCreated) {
      return new ActResult(ActResult.Kind.ALREADY_CREATED, "created by an earlier pass", Duration.ZERO,
          Optional.empty());
    }
    if (outcome instanceof CreateOutcome.Foreign foreign) {
      String why = "HealRefused: " + foreign.what() + "; the healer does not adopt it. A person must look.";
      return new ActResult(ActResult.Kind.FAILED, why, Duration.ZERO, journal.healFailed(incident, pending.run, why));
    }
    CreateOutcome.Failed f = (CreateOutcome.Failed) outcome;
    int tries = Objects.requireNonNullElse(pending.createFailures, 0) + 1;
    boolean givingUp = !f.retryable() || tries >= MAX_CREATE_TRIES;
    String error = "creating " + pending.run + " failed: " + f.reason() + ": " + f.message();
    Optional<PipelineIncident> written = journal.createFailed(incident, pending.attempt, error, givingUp);
    if (givingUp) {
      String why = error + (f.retryable() ? " (" + tries + " tries)" : "") + "; the heal failed.";
      return new ActResult(ActResult.Kind.FAILED, why, Duration.ZERO, written);
    }
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << (tries - 1));
    return new ActResult(ActResult.Kind.RETRY, error + "; try " + (tries + 1) + " in " + wait.toSeconds() + "s",
        wait, written);
  }

  /**
   * Whether a recorded decision may still be carried out at all, before it is judged again: the policy that made it
   * is the one in force (not deleted and re-created), and the failed run is the one it was made for, in the
   * incident's namespace. A status can be written by others; it is a record, never an order. The reason when not.
   */
  public Optional<String> stillValid(
      PipelineIncident incident, PipelineRecoveryPolicy policyNow, RunHandle<?> failed, PendingAction pending) {
    String ns = incident.getMetadata().getNamespace();
    if (policyNow == null) {
      return Optional.of("the policy " + incident.getSpec().getPolicy() + " that decided it no longer exists");
    }
    String recordedUid = incident.getSpec().getPolicyUid();
    if (recordedUid != null && !recordedUid.equals(policyNow.getMetadata().getUid())) {
      return Optional.of("the policy " + policyNow.getMetadata().getName()
          + " was deleted and re-created since the decision; a decision of the old policy is not carried out");
    }
    if (!Objects.equals(failed.namespace(), ns) || !Objects.equals(policyNow.getMetadata().getNamespace(), ns)) {
      return Optional.of("the failed run and the policy must be in the incident's namespace " + ns);
    }
    if (!Objects.equals(failed.uid(), pending.failedRunUid) || !Objects.equals(failed.name(), pending.failedRun)) {
      return Optional.of("the failed run " + pending.failedRun + " it was decided for is gone or was replaced");
    }
    return Optional.empty();
  }
}
