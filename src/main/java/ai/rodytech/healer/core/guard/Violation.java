package ai.rodytech.healer.core.guard;

import java.time.Duration;

/**
 * Why the guard said no.
 *
 * @param reason a stable code, e.g. StrategyNotAllowed, ForbiddenField (used in Events and metrics)
 * @param message a sentence a person understands, naming the field or number at fault
 * @param retryAfter non-null when this is a deferral (e.g. cooldown) rather than a refusal: ask again after it
 */
public record Violation(String reason, String message, Duration retryAfter) {

  public static Violation refuse(String reason, String message) {
    return new Violation(reason, message, null);
  }

  public static Violation defer(String reason, String message, Duration retryAfter) {
    return new Violation(reason, message, retryAfter);
  }

  public boolean deferral() {
    return retryAfter != null;
  }
}
