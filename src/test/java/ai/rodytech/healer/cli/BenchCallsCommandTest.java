package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark itself is not a test; this checks that a tiny run makes its calls each way and prints them. */
class BenchCallsCommandTest {

  @Test
  void aTinyRunPrintsEachWayAndTheRatios() {
    CliRun run = CliRun.run("bench", "calls", "--calls", "20", "--rounds", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("\\n2\\s+fabric8 client \\(the operator's\\)\\s+\\d+\\s+\\d+\\s+\\d+")
        .containsPattern("\\n2\\s+fabric8's HTTP layer \\+ Jackson\\s+\\d+\\s+\\d+\\s+\\d+")
        .containsPattern("\\n2\\s+JDK HTTP client \\+ Jackson\\s+\\d+\\s+\\d+\\s+\\d+")
        .containsPattern("\\n2\\s+ApiCalls \\(caller's thread\\) \\+ Jackson\\s+\\d+\\s+\\d+\\s+\\d+")
        .containsPattern("last round, JDK HTTP client \\+ Jackson / ApiCalls: \\d+\\.\\dx the caller's CPU, \\d+\\.\\dx the"
            + " wall time");
  }

  @Test
  void noCallIsRefused() {
    assertThat(CliRun.run("bench", "calls", "--calls", "0").exitCode()).isEqualTo(2);
  }
}
