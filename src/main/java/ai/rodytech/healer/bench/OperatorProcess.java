package ai.rodytech.healer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@link OperatorProbe} in a child JVM with the same classpath, connected to an API server of this JVM. Its
 * standard error (the operator's log) goes to a temporary file, shown when the child fails and kept when
 * HEALER_BENCH_KEEP_LOG is set.
 */
final class OperatorProcess implements AutoCloseable {
  /**
   * The JVM the operator gets in its pod (deploy/operator.yaml): a heap of MaxRAMPercentage=75 of the 512Mi limit,
   * and the Serial collector, which the JVM also picks by itself under a limit below 1792 MiB.
   */
  static final List<String> POD_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC");

  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  private final Path log;
  private final long readyMillis;
  private final long operatorStartMillis;
  private final long jvmToReadyMillis;

  /** What the child reported about its CPU: the whole process, and per group of threads, in seconds. */
  record Cpu(double processSeconds, double jitSeconds, double gcSeconds, double jitCpuSeconds,
      long allocatedBytes, Map<String, Double> byGroup) {}

  OperatorProcess(String apiUrl, int reconcileThreads) throws IOException {
    log = Files.createTempFile("healer-bench-operator-", ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(POD_JVM);
    // e.g. -XX:StartFlightRecording=filename=operator.jfr to profile the operator alone
    String extra = System.getenv("HEALER_BENCH_OPERATOR_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.strip().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        OperatorProbe.class.getName(), apiUrl, Integer.toString(reconcileThreads)));
    long start = System.nanoTime();
    process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String ready = expect("ready");
    readyMillis = (System.nanoTime() - start) / 1_000_000;
    String[] parts = ready.split(" ");
    operatorStartMillis = Long.parseLong(parts[1].substring("operator=".length()));
    jvmToReadyMillis = Long.parseLong(parts[2].substring("jvm=".length()));
  }

  /** From starting the process to the operator's caches being in sync. */
  long readyMillis() {
    return readyMillis;
  }

  /** HealerOperator.start alone: connecting, listing and syncing the caches. */
  long operatorStartMillis() {
    return operatorStartMillis;
  }

  long jvmToReadyMillis() {
    return jvmToReadyMillis;
  }

  /**
   * Waits until the operator is idle: its CPU use over one {@code interval} falls under a tenth of a core (or
   * {@code giveUp} has passed).
   */
  void awaitIdle(Duration interval, Duration giveUp) throws IOException, InterruptedException {
    double before = cpu().processSeconds();
    long deadline = System.nanoTime() + giveUp.toNanos();
    while (System.nanoTime() < deadline) {
      Thread.sleep(interval.toMillis());
      double now = cpu().processSeconds();
      if (now - before < interval.toMillis() / 1000.0 / 10) {
        return;
      }
      before = now;
    }
  }

  /** Sends the operator's process a signal (STOP, CONT) with kill(1): Linux and macOS only. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  Cpu cpu() throws IOException {
    in.println("cpu");
    String line = expect("cpu");
    String[] parts = line.split(" ");
    double process = Long.parseLong(parts[1].substring("process=".length())) / 1e9;
    double jit = Long.parseLong(parts[2].substring("jit=".length())) / 1e3;
    double gc = Long.parseLong(parts[3].substring("gc=".length())) / 1e3;
    double jitCpu = Long.parseLong(parts[4].substring("jitcpu=".length())) / 1e9;
    long allocated = Long.parseLong(parts[5].substring("alloc=".length()));
    return new Cpu(process, jit, gc, jitCpu, allocated, OperatorProbe.parseGroups(line));
  }

  long heapAfterGc() throws IOException {
    in.println("heap");
    return Long.parseLong(expect("heap").split(" ")[1].substring("used=".length()));
  }

  private String expect(String prefix) throws IOException {
    String line = out.readLine();
    // The JVM may print on stdout too (-XX:StartFlightRecording does): its lines start with '['.
    while (line != null && line.startsWith("[")) {
      line = out.readLine();
    }
    if (line == null || !line.startsWith(prefix)) {
      throw new IOException("the operator process answered " + line + " instead of " + prefix + "; its log:\n"
          + tail(log));
    }
    return line;
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      in.println("quit");
      out.readLine();
      process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (IOException e) {
      // The child is being stopped either way.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process.destroyForcibly();
      if (System.getenv("HEALER_BENCH_KEEP_LOG") != null) {
        System.err.println("operator log kept: " + log);
      } else {
        try {
          Files.deleteIfExists(log);
        } catch (IOException e) {
          // A leftover temporary log harms nothing.
        }
      }
    }
  }
}
