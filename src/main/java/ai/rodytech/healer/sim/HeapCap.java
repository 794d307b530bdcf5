package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a build with a given working set ends under a runtime heap cap and a container memory limit, for
 * simulated runs: a cap below what the build needs fails inside the process (the JVM's {@code
 * OutOfMemoryError: Java heap space}, exit 1; Node's {@code JavaScript heap out of memory}, abort, exit 134),
 * while a container limit below the process's footprint is the kernel's OOM kill (exit 137). Raising only the
 * limit does not cure the first, raising only the cap does not cure the second.
 *
 * <p>The caps read are {@code -Xmx} in {@code JAVA_TOOL_OPTIONS}, {@code MAVEN_OPTS} and {@code GRADLE_OPTS}
 * (the last one set wins for the JVM, as the launcher appends them in that order), and {@code
 * --max-old-space-size} (MiB) in {@code NODE_OPTIONS}.
 */
public final class HeapCap {

  /** The process needs this much more than its heap (metaspace, threads, code cache, buffers). */
  private static final BigDecimal FOOTPRINT_FACTOR = new BigDecimal("1.25");

  static final List<String> JVM_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "MAVEN_OPTS", "GRADLE_OPTS");
  static final String NODE_VARIABLE = "NODE_OPTIONS";

  private static final Pattern XMX = Pattern.compile("(?:^|\\s)-Xmx(\\d+)([kKmMgGtT]?)(?=\\s|$)");
  private static final Pattern MAX_OLD_SPACE = Pattern.compile("(?:^|\\s)--max[-_]old[-_]space[-_]size=(\\d+)(?=\\s|$)");

  /** The runtime whose heap a cap bounds. */
  public enum Runtime {
    JVM,
    NODE
  }

  /**
   * A heap cap found in a container's environment.
   *
   * @param variable the environment variable that sets it, e.g. MAVEN_OPTS
   * @param bytes the cap in bytes
   */
  public record Cap(Runtime runtime, String variable, BigDecimal bytes) {}

  private HeapCap() {}

  /** The heap cap the environment sets, if any; a JVM cap wins over a Node one when both are set. */
  public static Optional<Cap> find(Map<String, String> env) {
    Cap found = null;
    for (String variable : JVM_VARIABLES) {
      String value = env.get(variable);
      Matcher m = value == null ? null : XMX.matcher(value);
      while (m != null && m.find()) {
        found = new Cap(Runtime.JVM, variable, jvmBytes(m.group(1), m.group(2)));
      }
    }
    String node = env.get(NODE_VARIABLE);
    if (found == null && node != null) {
      Matcher m = MAX_OLD_SPACE.matcher(node);
      while (m.find()) {
        found = new Cap(Runtime.NODE, NODE_VARIABLE, new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << 20)));
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * How a build that needs {@code heapNeeded} of heap ends: the runtime's own out-of-memory failure when the
   * environment caps the heap below it; the kernel's OOM kill when the container's memory limit is below the
   * process's footprint ({@code heapNeeded} × 1.25); else {@code pass}. A container without a memory limit is
   * never OOM-killed.
   *
   * @param memoryLimit the container's memory limit, null when it has none
   */
  public static RunOutcome outcome(Map<String, String> env, Quantity memoryLimit, String heapNeeded, RunOutcome pass) {
    BigDecimal needed = Quantity.getAmountInBytes(new Quantity(heapNeeded));
    Duration failsAfter = pass.duration().dividedBy(2);
    Optional<Cap> cap = find(env);
    if (cap.isPresent() && cap.get().bytes().compareTo(needed) < 0) {
      return cap.get().runtime() == Runtime.JVM
          ? RunOutcome.failed(1, SampleLogs.mavenHeapSpace(), failsAfter)
          : RunOutcome.failed(134, SampleLogs.nodeHeapOutOfMemory(), failsAfter);
    }
    BigDecimal footprint = needed.multiply(FOOTPRINT_FACTOR);
    if (memoryLimit != null && Quantity.getAmountInBytes(memoryLimit).compareTo(footprint) < 0) {
      boolean node = cap.isPresent() ? cap.get().runtime() == Runtime.NODE : env.containsKey(NODE_VARIABLE);
      return RunOutcome.oomKilled(node ? killedNodeLog() : SampleLogs.jvmOutOfMemory(), failsAfter);
    }
    return pass;
  }

  /** A Node build the kernel killed writes no error of its own: its log just stops. */
  private static String killedNodeLog() {
    String log = SampleLogs.nodeHeapOutOfMemory();
    int cut = log.indexOf("<--- Last few GCs");
    return cut < 0 ? log : log.substring(0, cut);
  }

  private static BigDecimal jvmBytes(String number, String unit) {
    long factor = switch (unit.toLowerCase()) {
      case "k" -> 1L << 10;
      case "m" -> 1L << 20;
      case "g" -> 1L << 30;
      case "t" -> 1L << 40;
      default -> 1L;
    };
    return new BigDecimal(number).multiply(BigDecimal.valueOf(factor));
  }
}
