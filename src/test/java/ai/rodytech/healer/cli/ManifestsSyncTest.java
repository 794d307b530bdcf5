package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.install.CommittedFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** deploy/operator.yaml is exactly what `healer manifests` prints with the defaults. */
class ManifestsSyncTest {

  @Test
  void committedOperatorYamlMatchesTheCommand() throws IOException {
    CliRun run = CliRun.run("manifests");
    assertThat(run.exitCode()).isZero();

    CommittedFile.assertUpToDate(Path.of("deploy", "operator.yaml"), run.out());
  }
}
