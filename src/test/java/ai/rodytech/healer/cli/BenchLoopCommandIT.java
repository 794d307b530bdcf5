package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The loop benchmark is a program, not a test: this only runs it at a tiny size (its operators in JVMs of their
 * own, as for real) and checks that every run was corrected and every figure printed. No time is asserted.
 */
class BenchLoopCommandIT {

  @Test
  void aTinyRunCorrectsEveryFailureAndPrintsEveryFigure() {
    CliRun run = CliRun.run("bench", "loop", "--bursts", "1,6", "--pipelines", "3", "--warmups", "0",
        "--singles", "2", "--jobs", "40", "--failed", "4");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("healer bench loop: \\d+ cores")
        .containsPattern("\\n2 single, in turn\\s+1\\s+-\\s+\\d+ ms")
        .containsPattern("\\n1\\s+1\\s+-\\s+\\d+ ms")
        .containsPattern("\\n6\\s+3\\s+[\\d.]+ s\\s+\\d+ ms")
        .contains("API calls per incident:")
        .contains("POST jobs")
        .containsPattern("40 finished Jobs \\(4 failed")
        .containsPattern("operator heap after full GC: [\\d.]+ MiB with no Jobs, [\\d.]+ MiB with them")
        .containsPattern("start-up, process start to caches in sync: [\\d.]+ s")
        .doesNotContain("never corrected");
  }
}
