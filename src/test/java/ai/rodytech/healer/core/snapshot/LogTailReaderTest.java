package ai.rodytech.healer.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTailReaderTest {

  /** Lines "line 1".."line n", each ended by a newline. */
  static String numbered(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
  }

  @Test
  void smallFileIsReadWhole(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("build.log"), numbered(3));

    LogTail tail = new LogTailReader().read(file);

    assertThat(tail.text()).isEqualTo("line 1\nline 2\nline 3\n");
    assertThat(tail.firstLineNumber()).isEqualTo(1);
    assertThat(tail.truncated()).isFalse();
  }

  @ParameterizedTest(name = "{0} lines, at most {1} bytes / {2} lines -> first line {3}")
  @CsvSource({
    // lines, maxBytes, maxLines, expected first line
    "10000, 100000, 5, 9996",    // the line limit cuts
    "10000, 40, 5000, 9998",     // the last 40 bytes start inside "line 9997\n": that partial line is dropped
    "10, 1000, 10, 1",           // both limits fit exactly
    "10, 1000, 9, 2"})
  void keepsWholeLinesWithAbsoluteNumbers(int lines, int maxBytes, int maxLines, long firstLine, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("build.log"), numbered(lines));

    LogTail tail = new LogTailReader(maxBytes, maxLines).read(file);

    assertThat(tail.firstLineNumber()).isEqualTo(firstLine);
    assertThat(tail.text()).startsWith("line " + firstLine + "\n").endsWith("line " + lines + "\n");
    assertThat(tail.truncated()).isEqualTo(firstLine > 1);
  }

  @Test
  void streamGivesTheSameTailAndNumbersAsTheFile(@TempDir Path dir) throws Exception {
    String log = numbered(50_000);
    Path file = Files.writeString(dir.resolve("build.log"), log);
    LogTailReader reader = new LogTailReader(4096, 300);

    LogTail fromFile = reader.read(file);
    LogTail fromStream = reader.read(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "stdin");

    assertThat(fromStream.text()).isEqualTo(fromFile.text());
    assertThat(fromStream.firstLineNumber()).isEqualTo(fromFile.firstLineNumber()).isEqualTo(49_701);
  }

  @Test
  void lastLineWithoutNewlineAndCarriageReturnsAreKept(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("build.log"), "one\r\ntwo\r\nthree");

    LogTail tail = new LogTailReader(1000, 2).read(file);

    assertThat(tail.text()).isEqualTo("two\r\nthree");
    assertThat(tail.firstLineNumber()).isEqualTo(2);
  }

  @Test
  void emptyFileGivesAnEmptyTail(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("build.log"), "");

    LogTail tail = new LogTailReader().read(file);

    assertThat(tail.isEmpty()).isTrue();
    assertThat(tail.firstLineNumber()).isEqualTo(1);
  }

  @Test
  void malformedUtf8IsReplacedNotFatal(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("build.log"), new byte[] {'o', 'k', ' ', (byte) 0xC3, '\n'});

    assertThat(new LogTailReader().read(file).text()).isEqualTo("ok \uFFFD\n");
  }

  /** Issue 15 item 8: a last line longer than the budget was dropped whole ("There is no log"). */
  @ParameterizedTest(name = "ends with a newline: {0}")
  @CsvSource({"true", "false"})
  void overLongLastLineKeepsItsEnd(boolean newlineAtEnd, @TempDir Path dir) throws Exception {
    String last = "progress ".repeat(80_000) + "FATAL ERROR: Reached heap limit - JavaScript heap out of memory"
        + (newlineAtEnd ? "\n" : "");
    String log = numbered(3) + last;
    Path file = Files.writeString(dir.resolve("build.log"), log);
    LogTailReader reader = new LogTailReader();

    LogTail fromFile = reader.read(file);
    LogTail fromStream = reader.read(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "stdin");

    for (LogTail tail : java.util.List.of(fromFile, fromStream)) {
      assertThat(tail.text()).endsWith("JavaScript heap out of memory" + (newlineAtEnd ? "\n" : ""));
      assertThat(tail.text().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(LogTailReader.DEFAULT_MAX_BYTES);
      assertThat(tail.text()).doesNotContain("\nline");
      assertThat(tail.firstLineNumber()).isEqualTo(4);
      assertThat(tail.truncated()).isTrue();
    }
  }

  @Test
  void overLongLineCutInsideACharacterStartsAtAWholeOne(@TempDir Path dir) throws Exception {
    // "é" is two bytes; an odd budget cuts one of them in half.
    Path file = Files.writeString(dir.resolve("build.log"), "é".repeat(100) + "end");

    LogTail tail = new LogTailReader(64, 10).read(file);

    assertThat(tail.text()).doesNotContain("\uFFFD").endsWith("end").startsWith("é");
  }
}
