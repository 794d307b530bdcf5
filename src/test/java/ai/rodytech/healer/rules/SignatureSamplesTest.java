package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages in the tools' real formats (src/test/resources/signature-samples.txt): each must hit its signature. */
class SignatureSamplesTest {
  static final SignatureCatalog CATALOG = SignatureCatalog.builtIn();

  static Stream<Arguments> samples() throws Exception {
    return Files.readAllLines(Path.of("src/test/resources/signature-samples.txt"), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("\t", 2))
        .map(parts -> Arguments.of(parts[0], parts[1]));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("samples")
  void sampleHitsItsSignature(String name, String message) {
    Signature signature = CATALOG.signatures().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    LogLine line = LogLine.of(1, message);

    assertThat(signature.patterns()).as("no pattern of %s matches", name).anyMatch(p -> p.matches(line));
  }
}
