package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.redact.JsonText;
import ai.rodytech.healer.core.redact.SecretSamples;
import ai.rodytech.healer.core.redact.SecretSamples.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No kind of secret of redaction/secret-kinds.yaml reaches the output of `healer diagnose`, as text or json; the
 * near-misses of redaction/near-misses.txt reach it unchanged.
 */
class SecretKindsDiagnoseTest {
  private static final List<String> FORMATS = List.of("text", "json");

  @TempDir Path dir;

  static Stream<Arguments> kinds() {
    return SecretSamples.all().stream().flatMap(sample -> FORMATS.stream().map(f -> Arguments.of(sample, f)));
  }

  static Stream<Arguments> nearMisses() {
    return SecretSamples.nearMisses().stream().flatMap(line -> FORMATS.stream().map(f -> Arguments.of(line, f)));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("kinds")
  void theSecretIsMaskedInTheEvidence(Sample sample, String format) throws IOException {
    String out = diagnose(sample.line(), format);

    assertThat(out).contains("deploy failed: ").contains("[REDACTED:");
    sample.secret().forEach(secret -> assertThat(out).doesNotContain(secret));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("nearMisses")
  void aNearMissIsPrintedUnchanged(String line, String format) throws IOException {
    // Evidence lines are printed without trailing blanks; that is layout, not redaction.
    assertThat(diagnose(line, format)).contains(("deploy failed: " + line).stripTrailing());
  }

  /** The output of diagnose on a log whose failing line ends in line; json as the text of its string values. */
  private String diagnose(String line, String format) throws IOException {
    // The line that ended the run is the evidence, so diagnose prints it.
    Path log = dir.resolve("build.log");
    Files.writeString(log, "Step 1/3: checkout\nError: deploy failed: " + line + "\n");

    CliRun run = CliRun.run("diagnose", log.toString(), "--exit-code", "1", "--format", format);

    assertThat(run.exitCode()).isZero();
    return format.equals("json") ? JsonText.of(run.out()) : run.out();
  }
}
