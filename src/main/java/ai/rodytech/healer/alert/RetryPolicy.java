package ai.rodytech.healer.alert;

import java.time.Duration;
import java.util.Optional;

/**
 * How hard one alert is pushed at one channel before it is recorded as failed.
 *
 * @param attempts how many requests at most, the first included (at least 1)
 * @param initialBackoff the wait before the second attempt; it doubles for each later one
 * @param maxBackoff the longest wait between two attempts; also caps a server's Retry-After
 * @param requestTimeout how long one request may take, connecting included
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("alert attempts must be at least 1, got " + attempts);
    }
    requireNotNegative("initialBackoff", initialBackoff);
    requireNotNegative("maxBackoff", maxBackoff);
    requireNotNegative("requestTimeout", requestTimeout);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "alert maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
    }
    if (requestTimeout.isZero()) {
      throw new IllegalArgumentException("alert requestTimeout must be longer than zero");
    }
  }

  /** Four attempts, 1 s, 2 s and 4 s apart, each request at most ten seconds: a page should not wait long. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  /**
   * The wait after a failed attempt, before the next one.
   *
   * @param failedAttempt the 1-based number of the attempt that just failed
   * @param retryAfter what the server asked for (429), honoured up to maxBackoff
   */
  public Duration delayAfter(int failedAttempt, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      return min(retryAfter.get(), maxBackoff);
    }
    Duration delay = initialBackoff;
    for (int i = 1; i < failedAttempt && delay.compareTo(maxBackoff) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return min(delay, maxBackoff);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void requireNotNegative(String name, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException("alert " + name + " must be zero or longer, got " + value);
    }
  }
}
