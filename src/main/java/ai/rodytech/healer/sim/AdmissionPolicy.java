package ai.rodytech.healer.sim;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * A validating admission webhook for the in-process cluster: it sees each create/update (dry run or not) after
 * the built-in validation and may deny it. A denial is answered 422 Invalid with the webhook's message, as a
 * real API server relays a webhook's refusal.
 */
@FunctionalInterface
public interface AdmissionPolicy {

  /** The denial message, or empty to admit. */
  Optional<String> review(AdmissionRequest request);

  /** Admits everything (the default). */
  static AdmissionPolicy admitAll() {
    return request -> Optional.empty();
  }

  /** Denies the matching requests, dry run or not. */
  static AdmissionPolicy deny(Predicate<AdmissionRequest> which, String message) {
    return request -> which.test(request) ? Optional.of(message) : Optional.empty();
  }

  /**
   * Refuses the matching requests the way the API server itself answers some writes, with its HTTP code, reason
   * and message: e.g. 409 Conflict "Operation cannot be fulfilled on resourcequotas…" when two writers update a
   * quota at once, or 403 Forbidden "exceeded quota…". Not a webhook's 422.
   */
  static AdmissionPolicy refuse(Predicate<AdmissionRequest> which, int code, String reason, String message) {
    return request -> {
      if (which.test(request)) {
        throw new ApiRejection(ApiStatus.failure(code, reason, message, request.name(), request.kind()));
      }
      return Optional.empty();
    };
  }

  /** Denies the matching requests only when they are dry runs, so the real request would pass. */
  static AdmissionPolicy denyDryRun(Predicate<AdmissionRequest> which, String message) {
    return deny(which.and(AdmissionRequest::dryRun), message);
  }
}
