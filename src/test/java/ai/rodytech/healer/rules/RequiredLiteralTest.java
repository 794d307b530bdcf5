package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequiredLiteralTest {

  static Stream<Arguments> regexes() {
    return Stream.of(
        Arguments.of("Could not find artifact \\S+", List.of(List.of("could not find artifact "))),
        Arguments.of("(?:Read|Connect) timed out", List.of(List.of(" timed out"), List.of("read", "connect"))),
        Arguments.of("\\b(?:ECONNRESET|ETIMEDOUT)\\b", List.of(List.of("econnreset", "etimedout"))),
        Arguments.of("(?i)Out of memory", List.of(List.of("out of memory"))),
        Arguments.of("colou?r error", List.of(List.of("r error"), List.of("colo"))),
        Arguments.of("(?:foo)?bar", List.of(List.of("bar"))),
        Arguments.of("foo(?!bar)baz", List.of(List.of("foo"), List.of("baz"))),
        Arguments.of("\\[ERROR\\] Found \\d+ errors?", List.of(List.of("[error] found "), List.of(" error"))),
        Arguments.of("[abc]def", List.of(List.of("def"))),
        Arguments.of("a|bc", List.of()),
        Arguments.of("x{0,3}yz", List.of()),
        Arguments.of("abc(?i)def", List.of()),
        Arguments.of("^\\s*\\d+:\\d+\\s", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("regexes")
  void findsWhatEveryMatchContains(String regex, List<List<String>> expected) {
    assertThat(RequiredLiteral.allOf(regex)).isEqualTo(expected);
  }
}
