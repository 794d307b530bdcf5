package ai.rodytech.healer.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final MutableClock clock = new MutableClock();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMinutes(5), clock);

  @Test
  void opensAfterTheThresholdOfConsecutiveFailures() {
    breaker.recordFailure();
    breaker.recordFailure();
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.recordFailure();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.retryAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void aSuccessResetsTheCount() {
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void halfOpenLetsOneTrialThroughAndAFailedTrialReopens() {
    openIt();
    clock.advance(Duration.ofMinutes(5));

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).as("a second caller while the trial runs").isFalse();
    breaker.recordFailure();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.retryAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void aSuccessfulTrialCloses() {
    openIt();
    clock.advance(Duration.ofMinutes(6));
    assertThat(breaker.tryAcquire()).isTrue();

    breaker.recordSuccess();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  private void openIt() {
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordFailure();
  }
}
