package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineStartTest {
  private static final SignatureCatalog CATALOG = SignatureCatalog.builtIn();

  static Stream<Arguments> anchored() {
    return Stream.of(
        Arguments.of("^\\+{1,3} [\\w./~-]+(?: |$)", false, "+", "n $ \t"),
        Arguments.of("^\\s*\\[\\w+\\]\\s+\\S+:\\d+:\\d+: ", false, " \t[", "a1-"),
        Arguments.of("^(?:FAILED|ERROR) (?<test>\\S+::\\S+)", false, "FE", "fe a"),
        Arguments.of("^(?:FAILED|ERROR) \\S+", true, "FEfe", "a 1"),
        Arguments.of("^\\s+[✕×✗] (?<test>.+?)$", false, " \t", "✕a"),
        Arguments.of("^\\s*[✕×✗] x", false, " ✕×✗", "a✓"),
        Arguments.of("^ {4,}\\d+\\) (?<test>[^:]+)$", false, " ", "1a"),
        Arguments.of("^\\d*-x", false, "0123456789-", "a x"),
        Arguments.of("^(?:#\\d+ \\[[^\\]]*\\d+/\\d+\\] |Step \\d+/\\d+ : )", false, "#S", "s [ 1"),
        Arguments.of("^(?:a|b)?(?:c|d)", false, "abcd", "e"),
        Arguments.of("^\\$ \\S", false, "$", "> "),
        Arguments.of("^a|^b", false, "ab", "c"),
        Arguments.of("^[a-c\\]x-]z", false, "abc]x-", "d z"),
        Arguments.of("^(?:a|[|b)])c", false, "a|b)", "c("),
        Arguments.of("^[]a]", false, "]a", "b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("anchored")
  void knowsTheStartsOfAnAnchoredPattern(String regex, boolean ignoreCase, String allowed, String refused) {
    LineStart start = LineStart.of(regex, ignoreCase);
    assertThat(start).isNotNull();
    allowed.chars().forEach(c -> assertThat(start.allows((char) c)).as("%s", (char) c).isTrue());
    refused.chars().forEach(c -> assertThat(start.allows((char) c)).as("%s", (char) c).isFalse());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unknown")
  void leavesAPatternItDoesNotUnderstandToTheRegex(String regex) {
    assertThat(LineStart.of(regex, false)).isNull();
  }

  static Stream<String> unknown() {
    return Stream.of("foo", "^a|b", "a|^b", "^.*x", "^\\s*", "^(?:a|)x?", "^[^x]y", "^\\S+:", "^(?i)abc",
        "^\\bx", "^\\pLx", "^\\x{1b}x", "^$", "^(?:a", "^[ab", "^x{,2}",
        "^[[:alpha:]]x");
  }

  @Test
  void aDeeplyNestedPatternIsLeftToTheRegex() {
    String nested = "^" + "(?:".repeat(40) + "a" + ")".repeat(40);
    assertThat(LineStart.of(nested, false)).isNull();
    String shallow = "^" + "(?:".repeat(10) + "a" + ")".repeat(10);
    assertThat(LineStart.of(shallow, false).allows('a')).isTrue();
  }

  @Test
  void aCaseInsensitivePatternLetsEveryNonAsciiStartThrough() {
    LineStart start = LineStart.of("^k", true);
    assertThat(start.allows('K')).isTrue();
    assertThat(start.allows('\u212A')).isTrue(); // the Kelvin sign folds to k in RE2
    assertThat(start.allows('x')).isFalse();
    LineStart kelvin = LineStart.of("^\u212Aelvin", true);
    assertThat(kelvin.allows('k')).isTrue();
    assertThat(kelvin.allows('K')).isTrue();
    assertThat(Pattern.compile("^\u212Aelvin", Pattern.CASE_INSENSITIVE).matcher("kelvin").find())
        .as("RE2 folds the Kelvin sign to k").isTrue();
  }

  /**
   * The check is only worth having if it never refuses a line the regex matches: every built-in pattern with a known
   * start, over every line of the project's own logs and shapes of them that start with the characters the
   * anchored patterns look for.
   */
  @Test
  void neverRefusesALineTheRegexMatches() {
    List<LinePattern> anchored = new ArrayList<>();
    for (LinePattern pattern : allBuiltInPatterns()) {
      if (pattern.checksLineStart()) {
        anchored.add(pattern);
      }
    }
    assertThat(anchored).hasSizeGreaterThanOrEqualTo(15);
    Set<String> texts = lines();
    assertThat(texts).hasSizeGreaterThan(5_000);
    int matched = 0;
    for (LinePattern pattern : anchored) {
      Pattern raw = Pattern.compile(pattern.regex(), pattern.ignoresCase() ? Pattern.CASE_INSENSITIVE : 0);
      for (String text : texts) {
        boolean regex = raw.matcher(text).find();
        if (regex) {
          matched++;
          assertThat(pattern.matchRegex(new LogLine(1, text))).as("%s on %s", pattern.regex(), text).isNotNull();
        }
      }
    }
    assertThat(matched).as("lines the anchored patterns match").isGreaterThan(500);
  }

  @Test
  void theStepAndTestPatternsOfTheCatalogAreChecked() {
    List<String> checked = new ArrayList<>();
    CATALOG.markers().all().forEach(kind -> kind.forEach(n -> {
      if (n.pattern().checksLineStart()) {
        checked.add(n.name());
      }
    }));
    assertThat(checked).contains("shell-xtrace", "shell-echo", "npm-script", "docker-build-step",
        "mocha-failed-test", "phpunit-failure", "jest-vitest-cross", "pytest-summary-failed");
  }

  private static List<LinePattern> allBuiltInPatterns() {
    List<LinePattern> all = new ArrayList<>();
    CATALOG.signatures().forEach(s -> {
      all.addAll(s.patterns());
    });
    CATALOG.markers().all().forEach(kind -> kind.forEach(n -> all.add(n.pattern())));
    return all;
  }

  /** Every line of the logs under src/test/resources and src/main/resources, as is and in shapes around it. */
  private static Set<String> lines() {
    Set<String> texts = new LinkedHashSet<>();
    for (String root : List.of("src/test/resources", "src/main/resources")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt")).toList()) {
          for (String raw : Files.readAllLines(file)) {
            String text = LogLine.of(1, raw).text();
            texts.add(text);
            texts.add(text.strip());
            texts.add(text.toUpperCase(Locale.ROOT));
            for (String prefix : List.of(" ", "    ", "\t", "+ ", "++ ", "$ ", "> ", "1) ", "    12) ", "#3 [2/5] ",
                "FAILED ", "ERROR ", "Error: ", "  ✕ ", "[error] ", "12:3  error  ")) {
              texts.add(prefix + text.strip());
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return texts;
  }
}
