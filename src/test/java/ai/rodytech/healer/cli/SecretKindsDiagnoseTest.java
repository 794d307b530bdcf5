package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.redact.SecretSamples;
import ai.rodytech.healer.core.redact.SecretSamples.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No kind of secret of redaction/secret-kinds.yaml reaches the output of `healer diagnose`. */
class SecretKindsDiagnoseTest {
  @TempDir Path dir;

  static List<Sample> kinds() {
    return SecretSamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theSecretIsMaskedInTheEvidence(Sample sample) throws IOException {
    // The line that ended the run is the evidence, so diagnose prints it.
    Path log = dir.resolve("build.log");
    Files.writeString(log, "Step 1/3: checkout\nError: deploy failed: " + sample.line() + "\n");

    CliRun run = CliRun.run("diagnose", log.toString(), "--exit-code", "1", "--format", "json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("deploy failed: ").contains("[REDACTED:");
    sample.secret().forEach(secret -> assertThat(run.out()).doesNotContain(secret));
  }
}
