package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark itself is not a test; this checks that it reads both kinds of folder and prints its figures. */
class BenchBrainCommandTest {

  @Test
  void timesEveryLogOfAFolderOfLogs() {
    CliRun run = CliRun.run("bench", "brain", "src/main/resources/sim-logs", "--rounds", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("^11 logs from src/main/resources/sim-logs, \\d+ KB")
        .containsPattern("round 1: \\d+ µs per diagnosis")
        .containsPattern("round 2: \\d+ µs per diagnosis")
        .containsPattern("fastest round: mean \\d+ µs, median \\d+ µs, slowest \\d+\\.\\d ms per diagnosis");
  }

  @Test
  void readsAFolderOfEvalCases() {
    CliRun run = CliRun.run("bench", "brain", "src/test/resources/eval-unseen", "--rounds", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("^\\d+ logs from src/test/resources/eval-unseen");
  }

  @Test
  void anEmptyFolderOrNoRoundIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not a log");
    assertThat(CliRun.run("bench", "brain", dir.toString()).err()).contains("no logs in");
    assertThat(CliRun.run("bench", "brain", dir.toString(), "--rounds", "0").exitCode()).isEqualTo(2);
  }
}
