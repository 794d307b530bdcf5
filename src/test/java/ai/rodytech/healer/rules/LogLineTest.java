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
        Arguments.of("nothing to clean", "plain line", "plain line"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void cleansWhatPeopleDoNotRead(String what, String raw, String clean) {
    assertThat(LogLine.of(1, raw).text()).isEqualTo(clean);
  }
}
