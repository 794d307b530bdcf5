package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark itself is not a test; this only checks that a tiny run prints its table and cleans up. */
class BenchScanCommandTest {

  @Test
  void tinyRunPrintsBothSizesAndDeletesItsLogs(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.run("bench", "scan", "--small-mb", "1", "--large-mb", "2", "--no-grep", "--dir",
        dir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("\\n1 MB\\s+\\d+\\.\\d\\s+n/a\\s+n/a\\s+\\d+/n/a\\s+genuine_failure")
        .containsPattern("\\n2 MB\\s+\\d+\\.\\d");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void largeSmallerThanSmallIsRefused() {
    CliRun run = CliRun.run("bench", "scan", "--small-mb", "4", "--large-mb", "2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("need 1 <= --small-mb <= --large-mb");
  }
}
