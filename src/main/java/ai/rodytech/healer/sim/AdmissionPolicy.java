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

  /** Denies the matching requests only when they are dry runs, so the real request would pass. */
  static AdmissionPolicy denyDryRun(Predicate<AdmissionRequest> which, String message) {
    return deny(which.and(AdmissionRequest::dryRun), message);
  }
}
