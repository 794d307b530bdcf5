package ai.rodytech.healer.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Realistic CI logs, written for this project in the formats of the real tools (Maven and Surefire, Gradle,
 * npm 10, BuildKit, javac), for simulated runs to print. They live under {@code sim-logs/} on the classpath.
 */
public final class SampleLogs {
  /** Every sample, by resource name. */
  public static final List<String> NAMES =
      List.of(
          "maven-surefire-flaky.log",
          "jvm-out-of-memory.log",
          "npm-registry-timeout.log",
          "docker-pull-rate-limit.log",
          "javac-compile-error.log",
          "node-version-mismatch.log",
          "maven-success.log",
          "npm-success.log",
          "maven-heap-space.log",
          "node-heap-out-of-memory.log",
          "maven-surefire-assertion.log");

  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private SampleLogs() {}

  /** A Surefire integration test that timed out waiting for a webhook retry (flaky: passes on a rerun). */
  public static String flakyTest() {
    return read("maven-surefire-flaky.log");
  }

  /**
   * A Surefire test failing on a plain assertion (PaymentWebhookIT.deliversEachEventOnce): genuine by its log
   * alone; the pipeline's history can tell it is flaky.
   */
  public static String surefireAssertion() {
    return read("maven-surefire-assertion.log");
  }

  /** A Gradle test JVM running out of heap; the log stops where the container was OOM-killed (exit 137). */
  public static String jvmOutOfMemory() {
    return read("jvm-out-of-memory.log");
  }

  /** npm ci failing on registry 503s and a connect ETIMEDOUT. */
  public static String npmRegistryTimeout() {
    return read("npm-registry-timeout.log");
  }

  /** A BuildKit build refused by Docker Hub: 429 Too Many Requests, pull rate limit. */
  public static String dockerPullRateLimited() {
    return read("docker-pull-rate-limit.log");
  }

  /** A genuine compile error (cannot find symbol, incompatible types): no retry helps. */
  public static String javacCompileError() {
    return read("javac-compile-error.log");
  }

  /** npm refusing Node 22 after a floating image tag moved from Node 20 (EBADENGINE). */
  public static String nodeVersionMismatch() {
    return read("node-version-mismatch.log");
  }

  /** A passing Maven build of the same project as {@link #flakyTest()}. */
  public static String mavenSuccess() {
    return read("maven-success.log");
  }

  /** A passing npm install and test run. */
  public static String npmSuccess() {
    return read("npm-success.log");
  }

  /**
   * Maven's own JVM out of heap under its {@code -Xmx} cap (MAVEN_OPTS): javac dies with {@code
   * java.lang.OutOfMemoryError: Java heap space} and the build exits 1; the kernel killed nothing.
   */
  public static String mavenHeapSpace() {
    return read("maven-heap-space.log");
  }

  /**
   * webpack under Node's {@code --max-old-space-size} cap (NODE_OPTIONS): V8 reaches its heap limit and aborts
   * ({@code FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory}, exit 134).
   */
  public static String nodeHeapOutOfMemory() {
    return read("node-heap-out-of-memory.log");
  }

  /** The sample with this resource name (one of {@link #NAMES}). */
  public static String read(String name) {
    return CACHE.computeIfAbsent(name, SampleLogs::load);
  }

  private static String load(String name) {
    try (InputStream in = SampleLogs.class.getClassLoader().getResourceAsStream("sim-logs/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample log named " + name + "; known: " + NAMES);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sample log " + name, e);
    }
  }
}
