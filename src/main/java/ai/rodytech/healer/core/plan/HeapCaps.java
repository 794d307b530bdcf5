package ai.rodytech.healer.core.plan;

import ai.rodytech.healer.core.snapshot.ContainerObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap caps a container's environment sets for its runtime: {@code -Xmx} (or {@code -XX:MaxHeapSize=}) in the
 * variables the JVM and its build tools read, {@code --max-old-space-size} in NODE_OPTIONS. A build that dies of
 * its own heap cap is not helped by a higher container limit alone; see docs/guard.md.
 */
final class HeapCaps {
  /** Which runtime a cap bounds. */
  enum Runtime {
    JVM,
    NODE
  }

  /**
   * One cap found in one variable.
   *
   * @param env the variable, e.g. MAVEN_OPTS
   * @param runtime the runtime it bounds
   * @param bytes the cap
   * @param value the variable's whole value
   * @param start where the size starts in the value
   * @param end where it ends
   */
  record Cap(String env, Runtime runtime, long bytes, String value, int start, int end) {
    /** The variable's value with the cap set to {@code newBytes} (whole MiB). */
    String withBytes(long newBytes) {
      long mi = Math.max(1, newBytes / MemoryQuantity.MI);
      String size = runtime == Runtime.NODE ? Long.toString(mi) : mi + "m";
      return value.substring(0, start) + size + value.substring(end);
    }
  }

  // Read by the JVM itself (JAVA_TOOL_OPTIONS, _JAVA_OPTIONS, JDK_JAVA_OPTIONS) or passed to it by the launchers
  // of Maven (MAVEN_OPTS), Gradle (GRADLE_OPTS), sbt (SBT_OPTS) and many scripts (JAVA_OPTS).
  private static final List<String> JVM_VARIABLES =
      List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS", "MAVEN_OPTS", "GRADLE_OPTS",
          "SBT_OPTS");
  // -Xmx<size> and -XX:MaxHeapSize=<size>; size in bytes or with k, m, g or t (either case), as java(1) says.
  private static final Pattern JVM_CAP = Pattern.compile("(?:^|\\s)-(?:Xmx|XX:MaxHeapSize=)(\\d{1,12}[kKmMgGtT]?)(?=\\s|$)");
  // --max-old-space-size=<MiB> (node --v8-options accepts dashes or underscores).
  private static final Pattern NODE_CAP = Pattern.compile("--max[-_]old[-_]space[-_]size=(\\d{1,9})(?=\\s|$)");

  private HeapCaps() {}

  static List<Cap> of(ContainerObservation container) {
    List<Cap> caps = new ArrayList<>();
    for (Map.Entry<String, String> env : container.env().entrySet()) {
      String value = env.getValue();
      if (value == null || value.length() > 4096) {
        continue;
      }
      if (JVM_VARIABLES.contains(env.getKey())) {
        lastSize(JVM_CAP, value).ifPresent(m -> caps.add(
            new Cap(env.getKey(), Runtime.JVM, jvmBytes(m.text()), value, m.start(), m.end())));
      } else if (env.getKey().equals("NODE_OPTIONS")) {
        lastSize(NODE_CAP, value).ifPresent(m -> caps.add(new Cap(env.getKey(), Runtime.NODE,
            Long.parseLong(m.text()) * MemoryQuantity.MI, value, m.start(), m.end())));
      }
    }
    return caps;
  }

  /** The runtime whose own heap ran out, as the evidence words it; empty when it does not say. */
  static Optional<Runtime> exhausted(List<String> evidence) {
    for (String line : evidence) {
      String text = line.toLowerCase(Locale.ROOT);
      if (text.contains("javascript heap out of memory") || text.contains("reached heap limit")) {
        return Optional.of(Runtime.NODE);
      }
      if (text.contains("outofmemoryerror") && (text.contains("java heap space")
          || text.contains("gc overhead limit exceeded"))) {
        return Optional.of(Runtime.JVM);
      }
    }
    return Optional.empty();
  }

  private record Size(String text, int start, int end) {}

  /** The size in the last occurrence: the last one wins, as it does for the JVM's and Node's option parsers. */
  private static Optional<Size> lastSize(Pattern pattern, String value) {
    Matcher m = pattern.matcher(value);
    Size last = null;
    while (m.find()) {
      last = new Size(m.group(1), m.start(1), m.end(1));
    }
    return Optional.ofNullable(last);
  }

  private static long jvmBytes(String size) {
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    long number = Long.parseLong(Character.isDigit(unit) ? size : size.substring(0, size.length() - 1));
    long multiplier = switch (unit) {
      case 'k' -> 1024L;
      case 'm' -> MemoryQuantity.MI;
      case 'g' -> 1024L * MemoryQuantity.MI;
      case 't' -> 1024L * 1024L * MemoryQuantity.MI;
      default -> 1L;
    };
    return number * multiplier;
  }
}
