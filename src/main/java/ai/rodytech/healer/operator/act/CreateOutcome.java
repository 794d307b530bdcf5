package ai.rodytech.healer.operator.act;

/** What creating a corrective run came to. */
public sealed interface CreateOutcome
    permits CreateOutcome.Created, CreateOutcome.AlreadyCreated, CreateOutcome.Foreign, CreateOutcome.Failed {

  /** This call created it. */
  record Created() implements CreateOutcome {}

  /** It exists and is the healer's own run for this attempt (an earlier pass, another replica created it). */
  record AlreadyCreated() implements CreateOutcome {}

  /** Something else holds the name: not the healer's run for this attempt. Never adopted. */
  record Foreign(String what) implements CreateOutcome {}

  /**
   * The API server refused or failed.
   *
   * @param reason the API's reason (Forbidden, Conflict, Invalid, TooManyRequests…) and HTTP code
   * @param message its message, e.g. "exceeded quota: ci-jobs, requested: count/jobs.batch=1…"
   * @param retryable whether trying again later may succeed (a quota, a conflict, a server error), or not (invalid,
   *     the namespace is gone or terminating)
   */
  record Failed(String reason, String message, boolean retryable) implements CreateOutcome {}
}
