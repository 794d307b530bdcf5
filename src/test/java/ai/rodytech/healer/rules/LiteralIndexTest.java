package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The literal prefilter may only skip lines a regex would not match: checked on every fixture line. */
class LiteralIndexTest {

  @Test
  void neverHidesAMatchOfAnyBuiltInPattern() throws Exception {
    SignatureCatalog catalog = SignatureCatalog.builtIn();
    List<LinePattern> patterns = new ArrayList<>();
    catalog.signatures().forEach(s -> patterns.addAll(s.patterns()));
    catalog.stepEnds().forEach(p -> patterns.add(p.pattern()));
    catalog.failingTests().forEach(p -> patterns.add(p.pattern()));
    LiteralIndex index = new LiteralIndex(patterns);
    LiteralIndex.Candidates candidates = index.newCandidates();
    int matches = 0;
    int skipped = 0;
    for (LogLine line : fixtureLines()) {
      index.scan(line.text(), candidates);
      for (int id = 0; id < patterns.size(); id++) {
        boolean truth = patterns.get(id).matchRegex(line) != null;
        assertThat(candidates.has(id) || !truth).as("%s on %s", patterns.get(id).regex(), line.text()).isTrue();
        assertThat(patterns.get(id).matches(line)).isEqualTo(truth);
        matches += truth ? 1 : 0;
        skipped += candidates.has(id) ? 0 : 1;
      }
    }
    assertThat(matches).as("the fixtures exercise the patterns").isGreaterThan(300);
    assertThat(skipped).as("the prefilter rules out most pattern-line pairs").isGreaterThan(matches * 50);
  }

  private static List<LogLine> fixtureLines() throws Exception {
    List<LogLine> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/logs"))) {
      for (Path file : files.sorted().toList()) {
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          lines.add(LogLine.of(lines.size() + 1, raw));
        }
      }
    }
    return lines;
  }
}
