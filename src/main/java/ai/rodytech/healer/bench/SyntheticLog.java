package ai.rodytech.healer.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a CI log of a given size for benchmarks: a deterministic mix of ordinary build output (Maven, npm,
 * pytest, go, docker lines), an occasional warning or recovered network retry, and a genuine compile error at
 * the end so that diagnosing it has something to find.
 */
public final class SyntheticLog {

  private static final List<String> ORDINARY = List.of(
      "[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/example/lib/%d.0/lib-%d.0.jar (%d kB at 1.2 MB/s)",
      "[INFO] --- maven-surefire-plugin:3.2.5:test (default-test) @ module-%d ---",
      "[INFO] Tests run: %d, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.%d s - in org.example.Service%dTest",
      "npm http fetch GET 200 https://registry.npmjs.org/package-%d %dms (cache hit)",
      "added %d packages, and audited %d packages in %ds",
      "tests/unit/test_module_%d.py::test_case_%d PASSED                         [ %d%%]",
      "ok  \tgithub.com/example/project/pkg/module%d\t0.%03ds",
      "=== RUN   TestHandler%d/case_%d",
      "--- PASS: TestHandler%d (0.%02ds)",
      "#%d [build %d/9] RUN go build -o /out/app%d ./cmd/app",
      "#%d CACHED",
      "Compiling module %d of %d: src/main/java/org/example/Component%d.java",
      "   Compiling serde v1.0.%d",
      "2024-03-0%dT10:15:%02dZ INFO worker started job=%d");

  private static final List<String> OCCASIONAL = List.of(
      "[WARNING] The requested profile \"ci-%d\" could not be activated because it does not exist.",
      "npm WARN deprecated request@2.88.%d: request has been deprecated",
      "warning: unused variable `x%d` in src/lib.rs:%d:%d",
      "Retrying (Retry(total=%d, connect=None, read=None)) after connection broken by 'ReadTimeoutError'");

  private static final List<String> ENDING = List.of(
      "[INFO] -------------------------------------------------------------",
      "[ERROR] COMPILATION ERROR : ",
      "[INFO] -------------------------------------------------------------",
      "[ERROR] /workspace/src/main/java/org/example/Billing.java:[42,17] cannot find symbol",
      "  symbol:   method totalOf(java.util.List<org.example.Line>)",
      "  location: class org.example.Billing",
      "[INFO] 1 error",
      "[INFO] BUILD FAILURE",
      "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile"
          + " (default-compile) on project billing: Compilation failure");

  private SyntheticLog() {}

  /**
   * Appends one line of {@code bytes} progress dots ending in Node.js running out of heap: a last line longer than
   * the diagnosis' tail budget, whose end must still be read.
   */
  public static void appendLongLastLine(Path file, long bytes) throws IOException {
    byte[] dots = new byte[64 * 1024];
    Arrays.fill(dots, (byte) '.');
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      for (long written = 0; written < bytes; written += dots.length) {
        out.write(dots, 0, (int) Math.min(dots.length, bytes - written));
      }
      out.write("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n"
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Writes about {@code bytes} bytes (a little more, to end on the error region) to {@code file}. */
  public static void write(Path file, long bytes, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    long written = 0;
    long limit = Math.max(0, bytes - 600);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (written < limit) {
        List<String> pool = random.nextInt(100) == 0 ? OCCASIONAL : ORDINARY;
        String template = pool.get(random.nextInt(pool.size()));
        String line = String.format(java.util.Locale.ROOT, template,
            random.nextInt(1, 9), random.nextInt(1, 99), random.nextInt(1, 999), random.nextInt(1, 99));
        out.write(line);
        out.write('\n');
        written += line.length() + 1;
      }
      for (String line : ENDING) {
        out.write(line);
        out.write('\n');
      }
    }
  }
}
