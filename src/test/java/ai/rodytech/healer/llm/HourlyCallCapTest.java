package ai.rodytech.healer.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HourlyCallCapTest {
  private final MutableClock clock = new MutableClock();
  private final HourlyCallCap cap = new HourlyCallCap(2, clock);

  @Test
  void allowsTheLimitPerPipelineInASlidingHour() {
    assertThat(cap.tryAcquire("backend")).isTrue();
    clock.advance(Duration.ofMinutes(30));
    assertThat(cap.tryAcquire("backend")).isTrue();
    assertThat(cap.tryAcquire("backend")).isFalse();
    assertThat(cap.tryAcquire("frontend")).isTrue();

    clock.advance(Duration.ofMinutes(30));
    assertThat(cap.tryAcquire("backend")).as("the first call left the window").isTrue();
    assertThat(cap.tryAcquire("backend")).isFalse();
  }

  @Test
  void refusedCallsDoNotUseTheAllowance() {
    cap.tryAcquire("backend");
    cap.tryAcquire("backend");
    cap.tryAcquire("backend");
    cap.tryAcquire("backend");

    clock.advance(Duration.ofMinutes(60).plusSeconds(1));
    assertThat(cap.tryAcquire("backend")).isTrue();
    assertThat(cap.tryAcquire("backend")).isTrue();
  }
}
