package ai.rodytech.healer.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TailBufferTest {

  /** Lengths below, at and above the first allocation (8 KiB) and the capacity, so the buffer grows and wraps. */
  @ParameterizedTest
  @CsvSource({"0, 100", "5, 100", "100, 100", "101, 100", "8191, 20000", "8192, 20000", "8193, 20000",
      "19999, 20000", "20000, 20000", "20001, 20000", "70000, 20000", "300000, 65536", "5, 1"})
  void keepsTheLastBytes(int length, int capacity) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < length; i++) {
      text.append("line ").append(i).append('\n');
    }
    String log = text.substring(0, length);
    TailBuffer tail = new TailBuffer(capacity);
    assertThat(tail.readFrom(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)), Long.MAX_VALUE))
        .isTrue();
    assertThat(tail.dropped()).isEqualTo(length > capacity);
    assertThat(tail.text()).isEqualTo(log.substring(Math.max(0, length - capacity)));
  }

  @ParameterizedTest
  @CsvSource({"10", "8192", "9000"})
  void aCharacterCutAtTheStartIsDropped(int capacity) throws IOException {
    String log = "é".repeat(capacity) + "end";
    TailBuffer tail = new TailBuffer(capacity);
    tail.readFrom(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE);
    String kept = tail.text();
    assertThat(kept).endsWith("end").doesNotContain("\uFFFD");
    assertThat(log).endsWith(kept);
    assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isBetween(capacity - 1, capacity);
  }

  @ParameterizedTest
  @CsvSource({"1000, 100, 500", "100000, 20000, 30000"})
  void stopsAtTheBound(int length, int capacity, long bound) throws IOException {
    TailBuffer tail = new TailBuffer(capacity);
    assertThat(tail.readFrom(new ByteArrayInputStream(new byte[length]), bound)).isFalse();
    assertThat(tail.dropped()).isTrue();
  }
}
