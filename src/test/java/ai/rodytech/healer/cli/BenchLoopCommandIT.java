package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loop benchmark is a program, not a test: this only runs it at a tiny size (its operators in JVMs of their
 * own, as for real) and checks that every run was corrected and every figure printed. No time is asserted.
 */
class BenchLoopCommandIT {

  @Test
  void aTinyRunCorrectsEveryFailureAndPrintsEveryFigure() {
    CliRun run = CliRun.run("bench", "loop", "--bursts", "1,6,6", "--pipelines", "3", "--warmups", "0",
        "--singles", "2", "--jobs", "40", "--failed", "4", "--caught-up", "5");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("healer bench loop: \\d+ cores")
        .containsPattern("\\n2 single, in turn\\s+1\\s+-\\s+\\d+ ms")
        .containsPattern("\\n1\\s+1\\s+-\\s+\\d+ ms")
        .containsPattern("\\n6\\s+3\\s+[\\d.]+ s\\s+\\d+ ms")
        // the last size twice: the operator's CPU in each, and their median
        .containsPattern("operator CPU per incident in the 2 bursts of 6 \\(ms\\): [\\d.]+, [\\d.]+; median [\\d.]+,"
            + " spread [\\d.]+ to [\\d.]+")
        .containsPattern("allocation per incident \\(KB\\): [\\d.]+, [\\d.]+; median [1-9]\\d*")
        // the operator's threads' allocation, read in its JVM: not zero
        .containsPattern("operator allocation per incident: [1-9][\\d,]* KB")
        // the operator stopped while five runs failed, then continued: each corrected after it continued
        .containsPattern("\\n5 failed while the operator was stopped")
        .containsPattern("\\n5, all there\\s+3\\s+[\\d.]+ s\\s+\\d+ ms")
        .containsPattern("operator CPU per incident: [\\d.]+ ms; operator API calls per incident: [\\d.]+; whole"
            + " heals: [1-9]\\d*/s")
        // the incidents written Healed were seen: the pace of whole heals is not zero
        .containsPattern("\\nwhole heals: [1-9]\\d*/s")
        .contains("API calls per incident:")
        .contains("POST jobs")
        .containsPattern("40 finished Jobs \\(4 failed")
        .containsPattern("operator heap after full GC: [\\d.]+ MiB with no Jobs, [\\d.]+ MiB with them")
        .containsPattern("start-up, process start to caches in sync: [\\d.]+ s")
        .doesNotContain("never corrected");
    if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
      // the JIT compiler threads' CPU, read from Linux's per-thread accounting, told apart from the total
      assertThat(run.out()).containsPattern("of which the JIT compiling what had not been compiled yet: [\\d.]+ ms;"
          + " without it \\(a long-running operator's JIT is done\\): [\\d.]+ ms");
    }
  }

  /** The Workflows' run has Argo's pod GC on: each heal then needs the log its pod watch read before the pod went. */
  @ParameterizedTest
  @CsvSource({"PipelineRun, pipelineruns, --pod-gc=", "Workflow, workflows, --pod-gc=OnPodCompletion"})
  void aTinyRunOfAnEngineKindCorrectsEachFailureThroughThatKind(String kind, String resource, String podGc) {
    List<String> args = new ArrayList<>(List.of("bench", "loop", "--kind", kind, "--bursts", "1", "--warmups", "0",
        "--singles", "2", "--skip-heap", "--caught-up", "0"));
    if (!podGc.endsWith("=")) {
      args.add(podGc);
    }
    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("== " + kind + ": ")
        .containsPattern("\\n2 single, in turn\\s+1\\s+-\\s+\\d+ ms")
        .containsPattern("\\n1\\s+1\\s+-\\s+\\d+ ms")
        // the corrective run is of the same kind, created by the operator after its dry run
        .containsPattern("operator API calls per incident: [\\d.]+[^\\n]*\\n(  .*\\n)*  POST \\(dry run\\) " + resource)
        .containsPattern("\\n  POST " + resource + " ")
        .doesNotContain("never corrected")
        .doesNotContain("Side by side");
  }

  @Test
  void anUnknownPodGcStrategyIsAUsageError() {
    CliRun run = CliRun.run("bench", "loop", "--kind", "Workflow", "--pod-gc", "Never");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--pod-gc must be one of [OnPodCompletion, OnPodSuccess, OnWorkflowCompletion,"
        + " OnWorkflowSuccess], got Never");
  }
}
