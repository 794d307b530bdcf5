package ai.rodytech.healer.bench;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.operator.AsyncCompletionPool;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.OperatorClient;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import ai.rodytech.healer.sim.InProcessCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The operator alone in its own JVM, connected to an in-process cluster of another JVM, so that its heap and CPU
 * can be measured apart from the API server's. Started by {@link OperatorProcess}; answers one line per command
 * read from stdin: {@code cpu} (the process's, the JIT's, the collector's and each thread group's CPU, and
 * the bytes its threads allocated), {@code heap}, {@code quit}.
 */
public final class OperatorProbe {
  private OperatorProbe() {}

  /** The in-process cluster's client settings, with the operator's User-Agent so its calls are counted apart. */
  private static io.fabric8.kubernetes.client.Config operatorConfig(String url) {
    io.fabric8.kubernetes.client.Config config = InProcessCluster.clientConfig(url);
    config.setUserAgent(ai.rodytech.healer.sim.RequestLog.OPERATOR_AGENT);
    return config;
  }

  /** Arguments: the API server's URL, the number of reconcile threads. */
  public static void main(String[] args) throws Exception {
    AsyncCompletionPool.configure();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    OperatorSettings defaults = OperatorSettings.defaults().forMockServer();
    OperatorSettings settings = defaults.withReconcileThreads(Integer.parseInt(args[1]));
    CpuByThread cpu = new CpuByThread(OperatorProbe::group);
    long start = System.nanoTime();
    Redactor redactor = new SecretRedactor();
    RulesBrain rules = new RulesBrain(SignatureCatalog.builtIn(), redactor);
    HealerOperator operator = HealerOperator.start(
        OperatorClient.build(operatorConfig(args[0])), settings,
        new HealerOperator.Services(policy -> rules, null, redactor, new SimpleMeterRegistry(), Clock.systemUTC()));
    long startedMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(Locale.ROOT, "ready operator=%d jvm=%d%n", startedMillis,
        System.currentTimeMillis() - jvmStart);
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String command = in.readLine(); command != null; command = in.readLine()) {
      switch (command.strip()) {
        case "cpu" -> System.out.println("cpu process=" + processCpuNanos() + " jit=" + jitMillis()
            + " gc=" + gcMillis() + " jitcpu=" + compilerThreadsCpuNanos() + " alloc=" + cpu.allocatedBytes() + " "
            + cpu.seconds().entrySet().stream()
            .map(e -> e.getKey().replace(' ', '_') + "=" + e.getValue()).collect(Collectors.joining(" ")));
        case "heap" -> System.out.println("heap used=" + heapAfterGc());
        case "quit" -> {
          operator.close();
          System.out.println("bye");
          System.out.flush();
          System.exit(0);
        }
        default -> System.out.println("unknown " + command);
      }
      System.out.flush();
    }
    System.exit(0);
  }

  /** Thread names without their numbers, sorted into the operator's parts. */
  static String group(String thread) {
    String name = thread.replaceAll("[0-9]+", "#");
    if (name.startsWith("ReconcilerExecutor") || name.contains("pipeline-healer")) {
      return "reconcilers";
    }
    if (name.startsWith("JdkHttpClientFactory") || name.startsWith("HttpClient-")) {
      return "http client";
    }
    if (name.startsWith("Informer") || name.contains("informer") || name.startsWith("-#-pool")) {
      return "informers";
    }
    return name;
  }

  /** Time the JIT compilers spent compiling (elapsed, summed over compiler threads), in milliseconds. */
  private static long jitMillis() {
    java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  /**
   * CPU of the JIT's compiler threads, in nanoseconds, from Linux's per-thread accounting (they are not Java threads
   * the management beans report); -1 where /proc is not there. A compiler thread that exited took its CPU with it
   * (with two cores the JVM runs one C1 and one C2 thread, never stopped).
   */
  static long compilerThreadsCpuNanos() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return -1;
    }
    long ticks = 0;
    try (var threads = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) threads::iterator) {
        try {
          if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
            continue;
          }
          String stat = Files.readString(task.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * 10_000_000L; // USER_HZ, 100 on Linux
  }

  /** Time spent in garbage collection (elapsed, every collector), in milliseconds. */
  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** Live heap: used heap after full collections, what the operator needs to keep. */
  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static Map<String, Double> parseGroups(String line) {
    return java.util.Arrays.stream(line.split(" "))
        .skip(6)
        .map(kv -> kv.split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0].replace('_', ' '), kv -> Double.parseDouble(kv[1]), Double::sum));
  }
}
