package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogLineTest {

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("ANSI colours", "\u001b[1;31m[ERROR]\u001b[m Failed to execute goal",
            "[ERROR] Failed to execute goal"),
        Arguments.of("progress redrawn with CR", "Downloading 10%\rDownloading 50%\rDownloaded 100%",
            "Downloaded 100%"),
        Arguments.of("CRLF ending", "error: build failed\r", "error: build failed"),
        Arguments.of("GitHub Actions timestamp",
            "2022-06-02T15:14:50.4381122Z ##[error]Process completed with exit code 1.",
            "##[error]Process completed with exit code 1."),
        Arguments.of("Travis timer glued to the text",
            "travis_time:end:0b606844:start=1,finish=2,duration=1\u001b[0KThe command \"make\" exited with 2.",
            "The command \"make\" exited with 2."),
        Arguments.of("CRLF after a progress redraw", "Downloading 10%\rDownloaded 100%\r", "Downloaded 100%"),
        Arguments.of("GitLab timestamp and stream marker", "2024-05-07T13:10:29.528440Z 01O+$ make test", "$ make test"),
        Arguments.of("Jenkins timestamper, bracketed", "[2024-05-07T13:10:29.123Z] + mvn -B verify", "+ mvn -B verify"),
        Arguments.of("Jenkins timestamper, time only", "13:10:29  BUILD FAILED", "BUILD FAILED"),
        Arguments.of("ISO-8601 with an offset", "2024-05-07T13:10:29+02:00 npm ERR! code E404", "npm ERR! code E404"),
        Arguments.of("log framework time", "2024-05-07 13:10:29,123 ERROR Connection reset", "ERROR Connection reset"),
        Arguments.of("a CI's time over a tool's", "2024-05-07T13:10:29.1Z 13:10:29 Killed", "Killed"),
        Arguments.of("Buildkite APC timestamp", "\u001b_bk;t=1715087429123\u0007~~~ Running tests", "~~~ Running tests"),
        Arguments.of("colour around a timestamped line", "2024-05-07T13:10:29.1Z \u001b[31mError: boom\u001b[0m\r",
            "Error: boom"),
        Arguments.of("a number that is no time stays", "12 tests completed, 1 failed", "12 tests completed, 1 failed"),
        Arguments.of("nothing to clean", "plain line", "plain line"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void cleansWhatPeopleDoNotRead(String what, String raw, String clean) {
    assertThat(LogLine.of(1, raw).text()).isEqualTo(clean);
  }
}
