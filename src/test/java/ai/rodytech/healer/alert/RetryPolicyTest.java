package ai.rodytech.healer.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryPolicyTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1));
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  static Stream<Arguments> delays() {
    return Stream.of(
        Arguments.of("first retry waits the initial backoff", 1, null, 100),
        Arguments.of("then it doubles", 2, null, 200),
        Arguments.of("and doubles again", 3, null, 400),
        Arguments.of("until the cap", 4, null, 500),
        Arguments.of("and stays there", 30, null, 500),
        Arguments.of("Retry-After is honoured over the backoff", 1, Duration.ofMillis(300), 300),
        Arguments.of("Retry-After shorter than the backoff is honoured too", 3, Duration.ofMillis(50), 50),
        Arguments.of("Retry-After longer than the cap is cut to the cap", 1, Duration.ofHours(1), 500));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delays")
  void delayAfterAFailedAttempt(String name, int failedAttempt, Duration retryAfter, long expectedMillis) {
    assertThat(POLICY.delayAfter(failedAttempt, Optional.ofNullable(retryAfter)))
        .isEqualTo(Duration.ofMillis(expectedMillis));
  }

  static Stream<Arguments> invalidPolicies() {
    Duration s = Duration.ofSeconds(1);
    return Stream.of(
        Arguments.of(0, s, s, s, "alert attempts must be at least 1, got 0"),
        Arguments.of(1, Duration.ofSeconds(-1), s, s, "alert initialBackoff must be zero or longer, got PT-1S"),
        Arguments.of(1, s, null, s, "alert maxBackoff must be zero or longer, got null"),
        Arguments.of(
            1, Duration.ofSeconds(2), s, s, "alert maxBackoff (PT1S) must not be shorter than initialBackoff (PT2S)"),
        Arguments.of(1, s, s, Duration.ZERO, "alert requestTimeout must be longer than zero"));
  }

  @ParameterizedTest
  @MethodSource("invalidPolicies")
  void badValuesFailFastWithTheFieldNamed(
      int attempts, Duration initial, Duration max, Duration timeout, String message) {
    assertThatThrownBy(() -> new RetryPolicy(attempts, initial, max, timeout))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> retryAfterHeaders() {
    return Stream.of(
        Arguments.of("120", Duration.ofSeconds(120)),
        Arguments.of(" 7 ", Duration.ofSeconds(7)),
        Arguments.of("Sun, 01 Jun 2025 12:00:30 GMT", Duration.ofSeconds(30)),
        Arguments.of("Sun, 01 Jun 2025 11:59:00 GMT", Duration.ZERO),
        Arguments.of("-5", null),
        Arguments.of("soon", null),
        Arguments.of("", null));
  }

  @ParameterizedTest
  @MethodSource("retryAfterHeaders")
  void retryAfterIsReadAsSecondsOrAnHttpDate(String header, Duration expected) {
    assertThat(RetryAfter.parse(header, NOW)).isEqualTo(Optional.ofNullable(expected));
  }
}
