package ai.rodytech.healer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GrepPatternsTest {

  static Stream<Arguments> conversions() {
    return Stream.of(
        Arguments.of("Tests run: \\d+, Failures: [1-9]", false, Optional.of("Tests run: [0-9]+, Failures: [1-9]")),
        Arguments.of("(?:Read|Connect) timed out", false, Optional.of("(Read|Connect) timed out")),
        Arguments.of("^\\s*--- FAIL: (?<test>\\S+)", false, Optional.of("^[[:space:]]*--- FAIL: ([^[:space:]]+)")),
        Arguments.of("[\\w./-]+\\.java:\\d+", false, Optional.of("[[:alnum:]_./-]+\\.java:[0-9]+")),
        Arguments.of("[/\\\\]go[/\\\\]pkg", false, Optional.of("[/\\]go[/\\]pkg")),
        Arguments.of("Couldn\\'t resolve", false, Optional.of("Couldn't resolve")),
        Arguments.of("a.*?b", false, Optional.of("a.*b")),
        Arguments.of("No space left", true, Optional.of("[nN][oO] [sS][pP][aA][cC][eE] [lL][eE][fF][tT]")),
        Arguments.of("[a-c]x", true, Optional.of("[a-cA-C][xX]")),
        Arguments.of("go\\.go:\\d+: (?!\\S+@v)", false, Optional.empty()),
        Arguments.of("\\u001b\\[0K", false, Optional.empty()),
        Arguments.of("a++", false, Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conversions")
  void convertsToEreOrSkips(String java, boolean ignoreCase, Optional<String> ere) {
    assertThat(GrepPatterns.toEre(java, ignoreCase)).isEqualTo(ere);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conversions")
  void convertSplitsSkippedFromConverted(String java, boolean ignoreCase, Optional<String> ere) {
    GrepPatterns.Converted converted = GrepPatterns.convert(List.of(ignoreCase ? "(?i)" + java : java));

    assertThat(converted.patterns()).isEqualTo(ere.map(List::of).orElse(List.of()));
    assertThat(converted.skipped()).hasSize(ere.isPresent() ? 0 : 1);
  }
}
