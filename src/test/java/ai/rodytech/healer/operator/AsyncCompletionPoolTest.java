package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The common pool's size on small machines, decided as a table and checked in a JVM that sees two CPUs. */
class AsyncCompletionPoolTest {

  /** Run in a child JVM: prints the executor CompletableFuture uses for async completions. */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("configure")) {
      AsyncCompletionPool.configure();
    }
    System.out.println(CompletableFuture.completedFuture(1).defaultExecutor().getClass().getSimpleName());
  }

  @ParameterizedTest(name = "configure: {0}")
  @CsvSource({"true, ForkJoinPool", "false, ThreadPerTaskExecutor"})
  void onTwoCpusAsyncCompletionsRunOnThePoolOnlyWhenConfigured(boolean configure, String executor) throws Exception {
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"),
        AsyncCompletionPoolTest.class.getName(), configure ? "configure" : "leave")
        .redirectErrorStream(true).start();
    String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(java.waitFor()).as(out).isZero();
    assertThat(out).isEqualTo(executor);
  }

  @ParameterizedTest(name = "{0} CPUs, property {1} -> {2}")
  @CsvSource(nullValues = "unset", value = {
    "1, unset, 2",
    "2, unset, 2",
    "3, unset, unset",
    "16, unset, unset",
    "2, 1, unset",
    "2, 8, unset"
  })
  void onlyMachinesWhoseCommonPoolWouldHaveOneThreadGetTwo(int cpus, String alreadySet, String expected) {
    assertThat(AsyncCompletionPool.parallelismFor(cpus, alreadySet)).isEqualTo(Optional.ofNullable(expected));
  }
}
