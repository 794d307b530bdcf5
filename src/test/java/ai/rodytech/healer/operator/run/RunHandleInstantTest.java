package ai.rodytech.healer.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunHandleInstantTest {

  /** What the general parser says: the fast path must never answer otherwise. */
  private static Instant general(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void theApiServersFormReadsAsTheGeneralParserReadsIt() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      // Any second from 1970 to 2100, written as the API server writes metadata timestamps.
      Instant at = Instant.ofEpochSecond(random.nextLong(4_102_444_800L));
      String text = at.toString();
      assertThat(text).hasSize(20);
      assertThat(RunHandle.instant(text)).as(text).isEqualTo(at).isEqualTo(general(text));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-12-06T21:12:16.123456Z", // fractions (MicroTime)
      "2026-12-06T21:12:16+01:00", // an offset
      "2026-12-06t21:12:16z", // lower case: RFC 3339 allows it, the general parser decides
      "2024-02-29T23:59:59Z", // a leap day
      "2026-02-29T10:00:00Z", // no such day
      "2026-13-01T10:00:00Z", // no such month
      "2026-12-06T24:00:00Z", // no such hour
      "2026-12-06T21:12:60Z", // a leap second
      "2026-12-0xT21:12:16Z", // not a digit
      "+2026-12-06T21:12:1Z", // the right length, the wrong shape
      "2026-12-06 21:12:16Z", // a space for the T
      "yesterday",
      " "})
  void anyOtherTextGetsTheGeneralParsersAnswer(String text) {
    assertThat(RunHandle.instant(text)).isEqualTo(text.isBlank() ? null : general(text));
  }

  @Test
  void absentIsNull() {
    assertThat(RunHandle.instant(null)).isNull();
    assertThat(RunHandle.instant("")).isNull();
  }
}
