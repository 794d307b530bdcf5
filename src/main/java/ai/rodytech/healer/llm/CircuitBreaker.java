package ai.rodytech.healer.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a provider that keeps failing: after {@code failureThreshold} consecutive failed calls the
 * circuit opens and every call is refused for {@code openDuration}; then one trial call is let through
 * (half-open): success closes the circuit, failure opens it again.
 */
public final class CircuitBreaker {

  /** Where the breaker stands. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int failureThreshold;
  private final Duration openDuration;
  private final Clock clock;
  private int consecutiveFailures;
  private Instant openedAt;
  private boolean trialInFlight;

  public CircuitBreaker(int failureThreshold, Duration openDuration, Clock clock) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
    }
    this.failureThreshold = failureThreshold;
    this.openDuration = openDuration;
    this.clock = clock;
  }

  /** Whether a call may go out now; in half-open state only one trial call at a time. */
  public synchronized boolean tryAcquire() {
    return switch (state()) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> {
        if (trialInFlight) {
          yield false;
        }
        trialInFlight = true;
        yield true;
      }
    };
  }

  public synchronized void recordSuccess() {
    consecutiveFailures = 0;
    openedAt = null;
    trialInFlight = false;
  }

  public synchronized void recordFailure() {
    consecutiveFailures++;
    if (trialInFlight || consecutiveFailures >= failureThreshold) {
      openedAt = clock.instant();
    }
    trialInFlight = false;
  }

  public synchronized State state() {
    if (openedAt == null) {
      return State.CLOSED;
    }
    return clock.instant().isBefore(openedAt.plus(openDuration)) ? State.OPEN : State.HALF_OPEN;
  }

  /** When an open circuit lets a trial call through; null when it is not open. */
  public synchronized Instant retryAt() {
    return state() == State.OPEN ? openedAt.plus(openDuration) : null;
  }
}
