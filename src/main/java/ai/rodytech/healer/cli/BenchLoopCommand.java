package ai.rodytech.healer.cli;

import ai.rodytech.healer.bench.CacheBenchmark;
import ai.rodytech.healer.bench.LoopBenchmark;
import ai.rodytech.healer.bench.LoopBenchmark.Burst;
import ai.rodytech.healer.bench.LoopRunKind;
import ai.rodytech.healer.operator.OperatorSettings;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Failure-to-corrective-run latency and throughput of the operator loop, and its memory with a big history. */
@Command(
    name = "loop",
    mixinStandardHelpOptions = true,
    description = {
      "Failure-to-corrective-run latency and throughput of the operator loop, and its heap and start-up with a big"
          + " CI history.",
      "The API server (in-process) and the simulated kubelet run in this JVM, the real operator (rules brain) in a"
          + " JVM of its own with the Deployment's heap limit. Takes several minutes; see docs/performance.md."
    })
public final class BenchLoopCommand implements Callable<Integer> {
  /** Kubernetes' job controller retries a failed pod after a back-off that starts at 10 s. */
  private static final double KUBERNETES_FIRST_RETRY_SECONDS = 10;

  @Spec CommandSpec spec;

  @Option(names = "--kind", defaultValue = "Job", paramLabel = "Job|PipelineRun|Workflow|all",
      description = "The runs that fail: batch/v1 Jobs, Tekton PipelineRuns, Argo Workflows, or all three one after"
          + " the other in one run, then side by side. Default: ${DEFAULT-VALUE}.")
  String kind;

  @Option(names = "--bursts", split = ",", defaultValue = "100,1000", paramLabel = "N[,N...]",
      description = "Runs failing at once, one burst each; the last size repeated (1000,1000,1000) also prints the"
          + " median and spread of the operator's CPU per incident over its bursts. Default: ${DEFAULT-VALUE}.")
  List<Integer> bursts;

  @Option(names = "--caught-up", defaultValue = "1000", paramLabel = "N",
      description = "After the bursts, N runs fail while the operator's process is stopped (SIGSTOP) and it is"
          + " continued once all are written: its own pace, the simulator's pace of writing failures out of the"
          + " way. 0 to skip. Default: ${DEFAULT-VALUE}.")
  int caughtUp;

  @Option(names = "--pipelines", defaultValue = "100",
      description = "Pipelines (one policy each) the runs of a burst belong to. Default: ${DEFAULT-VALUE}.")
  int pipelines;

  @Option(names = "--singles", defaultValue = "20",
      description = "Single failures, one after the other, for the latency of one failure. Default: ${DEFAULT-VALUE}.")
  int singles;

  @Option(names = "--warmups", defaultValue = "8",
      description = "Unreported bursts of 500 first, so that the operator's JIT has compiled the loop (a"
          + " long-running operator is past its JIT; each warm-up prints how long it compiled)."
          + " Default: ${DEFAULT-VALUE}.")
  int warmups;

  private static final List<String> POD_GC_STRATEGIES =
      List.of("OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess");

  @Option(names = "--pod-gc", paramLabel = "STRATEGY",
      description = "Argo's podGC strategy for the Workflows (OnPodCompletion, OnPodSuccess, OnWorkflowCompletion,"
          + " OnWorkflowSuccess), with its default delay of 5 s: the heals then need the logs the operator's pod"
          + " watch read before the pods went. Default: none (pods stay).")
  String podGc;

  @Option(names = "--jobs", defaultValue = "10000", description = "Finished Jobs in the cluster for the heap"
      + " measurement. Default: ${DEFAULT-VALUE}.")
  int jobs;

  @Option(names = "--failed", defaultValue = "1000", description = "How many of them failed. Default: ${DEFAULT-VALUE}.")
  int failed;

  @Option(names = "--reconcile-threads", defaultValue = "0", description = "The operator's concurrent"
      + " reconciliations; 0 for the operator's default.")
  int reconcileThreads;

  @Option(names = "--skip-loop", description = "Only the heap and start-up measurement.")
  boolean skipLoop;

  @Option(names = "--skip-heap", description = "Only the loop measurements.")
  boolean skipHeap;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<LoopRunKind> kinds;
    try {
      kinds = LoopRunKind.parse(kind);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (podGc != null && !POD_GC_STRATEGIES.contains(podGc)) {
      throw new ParameterException(spec.commandLine(), "--pod-gc must be one of " + POD_GC_STRATEGIES + ", got "
          + podGc);
    }
    int threads = reconcileThreads > 0 ? reconcileThreads : OperatorSettings.defaults().reconcileThreads();
    out.printf(Locale.ROOT, "healer bench loop: %d cores, load average %.1f, Java %s; operator JVM %s, %d reconcile"
            + " threads%n", Runtime.getRuntime().availableProcessors(), load(), System.getProperty("java.version"),
        String.join(" ", ai.rodytech.healer.bench.LoopBenchmark.operatorJvm()), threads);
    out.flush();
    if (!skipLoop) {
      try (LoopBenchmark bench = LoopBenchmark.start(threads, kinds).podGc(podGc)) {
        loop(bench, kinds, out);
      }
    }
    if (!skipHeap) {
      heap(CacheBenchmark.measure(jobs, failed, threads), out);
    }
    out.printf(Locale.ROOT, "%nLoad average at the end: %.1f (other work on the machine slows every figure).%n",
        load());
    out.flush();
    return 0;
  }

  private void loop(LoopBenchmark bench, List<LoopRunKind> kinds, PrintWriter out) throws Exception {
    String latency = kinds.size() == 1
        ? String.format(Locale.ROOT, "from the %s%nbeing written to its corrective %s being created",
            kinds.get(0).failureWrite(), kinds.get(0).kind())
        : "from a run's failure%nbeing written (the " + kinds.stream().map(LoopRunKind::failureWrite)
            .collect(Collectors.joining(", the ")) + ")%nto its corrective run being created";
    out.printf(Locale.ROOT, "%nThe loop. Each run fails on an npm registry timeout; its pipeline has the article's policy"
        + " with failureThreshold 1,%nso every failure is diagnosed (transient_infra), guarded, dry-run and retried."
        + " Latency: " + latency + ", both timed"
        + " inside the API server. Operator JVM started in %.1f s.%n", bench.operatorReadyMillis() / 1000.0);
    // Every kind is warmed before any is measured, so that the first kind measured is not the least compiled.
    for (LoopRunKind runKind : kinds) {
      warmUp(bench, runKind, kinds.size() == 1 ? "" : " (" + runKind.kind() + "s)", out);
    }
    Map<LoopRunKind, Figures> figures = new EnumMap<>(LoopRunKind.class);
    for (LoopRunKind runKind : kinds) {
      if (!kinds.equals(List.of(LoopRunKind.JOB))) {
        out.printf(Locale.ROOT, "%n== %s: %s%n", runKind.kind(), runKind.describe());
      }
      figures.put(runKind, loop(bench, runKind, out));
    }
    if (kinds.size() > 1) {
      sideBySide(out, figures);
    }
    LoopBenchmark.Held held = bench.held();
    out.printf(Locale.ROOT, "%nThe operator's live heap after all of it (a full collection first): %.0f MiB, with %,d"
        + " Jobs, %,d pods and %,d incidents in the cluster (its -Xmx is %s).%n", held.heapBytes() / 1048576.0,
        held.jobs(), held.pods(), held.incidents(), LoopBenchmark.operatorJvm().get(0).substring("-Xmx".length()));
  }

  /** What one kind's rows showed. */
  private record Figures(Burst singles, List<Burst> bursts) {}

  private void warmUp(LoopBenchmark bench, LoopRunKind runKind, String label, PrintWriter out) throws Exception {
    for (int i = 1; i <= warmups; i++) {
      Burst warm = bench.burst(runKind, 500, Math.min(500, pipelines));
      out.printf(Locale.ROOT, "  warm-up %d%s: 500 at once, %.0f incidents/s, the operator's JIT compiled %.1f s%n",
          i, label, warm.incidentsPerSecond(), warm.cpuSeconds().getOrDefault("operator: " + LoopBenchmark.JIT_TIME,
              0.0));
      out.flush();
    }
  }

  private Figures loop(LoopBenchmark bench, LoopRunKind runKind, PrintWriter out) throws Exception {
    out.printf(Locale.ROOT, "%n%-22s %9s %13s %9s %9s %9s %12s  %s%n", "failing at once", "pipelines", "written over",
        "p50", "p99", "max", "incidents/s", "vs Kubernetes' 10 s back-off (p50)");
    Burst single = null;
    if (singles > 0) {
      single = bench.oneAtATime(runKind, singles);
      row(out, singles + " single, in turn", single);
    }
    List<Burst> measured = new ArrayList<>();
    for (int runs : bursts) {
      Burst burst = bench.burst(runKind, runs, Math.min(runs, pipelines));
      measured.add(burst);
      row(out, String.format(Locale.ROOT, "%,d", runs), burst);
    }
    if (!measured.isEmpty()) {
      profile(out, measured.get(measured.size() - 1),
          runKind == LoopRunKind.JOB ? "the kubelet's" : "the simulated engine's");
      repeats(out, measured);
    }
    if (caughtUp > 0) {
      Burst caught = bench.caughtUp(runKind, caughtUp, Math.min(caughtUp, pipelines));
      out.printf(Locale.ROOT, "%n%,d failed while the operator was stopped, then continued (its own pace; the"
          + " failures' writing out of the way):%n", caughtUp);
      row(out, String.format(Locale.ROOT, "%,d, all there", caughtUp), caught);
      out.printf(Locale.ROOT, "  operator CPU per incident: %.1f ms; operator API calls per incident: %.1f; whole"
              + " heals: %.0f/s%n", caught.operatorCpuMillisPerIncident(),
          caught.operatorCalls(), caught.healsPerSecond());
    }
    return new Figures(single, measured);
  }

  /** The kinds' figures in columns, each with its ratio to the Jobs' (when Jobs were measured). */
  private void sideBySide(PrintWriter out, Map<LoopRunKind, Figures> figures) {
    List<LoopRunKind> kinds = List.copyOf(figures.keySet());
    out.printf(Locale.ROOT, "%nSide by side, this run (in brackets: the ratio to Jobs):%n%-52s", "");
    kinds.forEach(k -> out.printf(Locale.ROOT, " %18s", k.kind()));
    out.println();
    if (singles > 0) {
      sideRow(out, singles + " single, in turn: p50 (ms)", figures, f -> (double) f.singles().percentileMillis(50));
      sideRow(out, singles + " single, in turn: p99 (ms)", figures, f -> (double) f.singles().percentileMillis(99));
    }
    for (int i = 0; i < bursts.size(); i++) {
      int at = i;
      String runs = String.format(Locale.ROOT, "%,d at once", bursts.get(i));
      sideRow(out, runs + ": p50 (ms)", figures, f -> (double) f.bursts().get(at).percentileMillis(50));
      if (bursts.get(i) > 1) {
        sideRow(out, runs + ": p99 (ms)", figures, f -> (double) f.bursts().get(at).percentileMillis(99));
        sideRow(out, runs + ": incidents/s", figures, f -> f.bursts().get(at).incidentsPerSecond());
      }
      sideRow(out, runs + ": never corrected", figures, f -> (double) f.bursts().get(at).unhealed());
    }
    if (!bursts.isEmpty()) {
      String last = String.format(Locale.ROOT, " (%,d)", bursts.get(bursts.size() - 1));
      sideRow(out, "operator CPU per incident, ms" + last, figures,
          f -> lastBurst(f).operatorCpuMillisPerIncident());
      sideRow(out, "operator API calls per incident" + last, figures, f -> lastBurst(f).operatorCalls());
      sideRow(out, "API server + simulators CPU per incident, ms" + last, figures,
          f -> perIncidentMillis(lastBurst(f), lastBurst(f).clusterCpuSeconds()));
    }
    out.flush();
  }

  private static void sideRow(PrintWriter out, String label, Map<LoopRunKind, Figures> figures,
      ToDoubleFunction<Figures> figure) {
    Figures jobs = figures.get(LoopRunKind.JOB);
    double base = jobs == null ? Double.NaN : figure.applyAsDouble(jobs);
    out.printf(Locale.ROOT, "%-52s", label);
    figures.forEach((runKind, f) -> {
      double value = figure.applyAsDouble(f);
      String ratio = runKind == LoopRunKind.JOB || !(base > 0) ? "" : String.format(Locale.ROOT, " (%.1fx)", value / base);
      out.printf(Locale.ROOT, " %18s", String.format(Locale.ROOT, value < 100 && value != Math.rint(value)
          ? "%.1f" : "%.0f", value) + ratio);
    });
    out.println();
  }

  private static Burst lastBurst(Figures f) {
    return f.bursts().get(f.bursts().size() - 1);
  }

  private static double perIncidentMillis(Burst b, double seconds) {
    return seconds * 1000 / Math.max(1, b.latenciesNanos().size());
  }

  private static void row(PrintWriter out, String label, Burst b) {
    String spread = b.runs() == 1 ? "-" : String.format(Locale.ROOT, "%.2f s", b.failureSpreadSeconds());
    String rate = b.runs() == 1 ? "-" : String.format(Locale.ROOT, "%.0f", b.incidentsPerSecond());
    double p50 = b.percentileMillis(50) / 1000.0;
    String ratio = p50 <= 0 ? "-" : p50 < KUBERNETES_FIRST_RETRY_SECONDS
        ? String.format(Locale.ROOT, "%.1fx sooner", KUBERNETES_FIRST_RETRY_SECONDS / p50)
        : String.format(Locale.ROOT, "%.1fx later", p50 / KUBERNETES_FIRST_RETRY_SECONDS);
    out.printf(Locale.ROOT, "%-22s %9d %13s %9s %9s %9s %12s  %s%s%n", label, b.pipelines(), spread,
        millis(b.percentileMillis(50)), millis(b.percentileMillis(99)), millis(b.percentileMillis(100)), rate, ratio,
        b.unhealed() > 0 ? "  (" + b.unhealed() + " never corrected)" : "");
    out.flush();
  }

  /** Where the cores went during the last burst, and the API calls one incident costs. */
  private static void profile(PrintWriter out, Burst b, String simulators) {
    int incidents = Math.max(1, b.latenciesNanos().size());
    out.printf(Locale.ROOT, "%nCPU per incident in the %,d burst (ms):%n", b.runs());
    for (Map.Entry<String, Double> e : b.cpuSeconds().entrySet()) {
      double ms = e.getValue() * 1000 / incidents;
      if (ms >= 0.5) {
        out.printf(Locale.ROOT, "  %-60s %7.1f%n", e.getKey(), ms);
      }
    }
    double operator = b.operatorCpuMillisPerIncident();
    if (operator > 0) {
      out.printf(Locale.ROOT, "  -> with %d cores to itself, the operator alone could handle about %.0f incidents/s%n",
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().availableProcessors() * 1000 / operator);
    }
    out.printf(Locale.ROOT, "whole heals: %.0f/s (the first failure to the last incident written Healed, its"
        + " corrective run's success recorded; incidents/s above counts to the last corrective run's creation)%n",
        b.healsPerSecond());
    out.printf(Locale.ROOT, "%noperator CPU per incident: %.1f ms (target <= 5)%n", operator);
    if (b.jitCpuKnown()) {
      out.printf(Locale.ROOT, "  of which the JIT compiling what had not been compiled yet: %.1f ms; without it (a"
          + " long-running operator's JIT is done): %.1f ms%n", b.jitCpuMillisPerIncident(),
          b.operatorCpuMillisWithoutJit());
    }
    if (b.operatorAllocatedBytes() > 0) {
      out.printf(Locale.ROOT, "operator allocation per incident: %,.0f KB (what the collector is handed; it moves far"
          + " less between runs than CPU)%n", b.operatorAllocatedKbPerIncident());
    }
    out.printf(Locale.ROOT, "operator API calls per incident: %.1f (target <= 8; a whole healed failure: the failure"
        + " to the corrective run's success)%n", b.operatorCalls());
    b.operatorCallsPerIncident().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> out.printf(Locale.ROOT, "  %-52s %7.2f%n", e.getKey(), e.getValue()));
    out.printf(Locale.ROOT, "run ledger writes per finished run: %.2f (target <= 1, coalesced)%n",
        b.ledgerWritesPerRun());
    out.printf(Locale.ROOT, "largest policy status: %,d bytes (target <= 4 KB)%n", b.largestPolicyStatusBytes());
    double total = b.callsPerIncident().values().stream().mapToDouble(Double::doubleValue).sum();
    out.printf(Locale.ROOT, "%nAPI calls per incident, every client: %.1f (%s included)%n", total, simulators);
    b.callsPerIncident().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> out.printf(Locale.ROOT, "  %-52s %7.2f%n", e.getKey(), e.getValue()));
    out.flush();
  }

  /**
   * When the last burst's size was measured more than once ({@code --bursts 1000,1000,1000}), the operator's CPU
   * per incident in each, their median and spread: one run's figure moves by a millisecond or more between runs of
   * the same code (when the JIT's late compilations and the collections fall), so a change is judged on medians.
   */
  private static void repeats(PrintWriter out, List<Burst> measured) {
    int runs = measured.get(measured.size() - 1).runs();
    List<Burst> same = measured.stream().filter(b -> b.runs() == runs).toList();
    if (same.size() < 2) {
      return;
    }
    double[] total = same.stream().mapToDouble(Burst::operatorCpuMillisPerIncident).toArray();
    double[] withoutJit = same.stream().mapToDouble(Burst::operatorCpuMillisWithoutJit).toArray();
    DoubleSummaryStatistics spread = java.util.Arrays.stream(total).summaryStatistics();
    out.printf(Locale.ROOT, "operator CPU per incident in the %d bursts of %,d (ms): %s; median %.1f, spread %.1f"
        + " to %.1f%n", same.size(), runs, joined(total), median(total), spread.getMin(), spread.getMax());
    out.printf(Locale.ROOT, "  without the JIT compiler threads: %s; median %.1f%n", joined(withoutJit),
        median(withoutJit));
    double[] allocated = same.stream().mapToDouble(Burst::operatorAllocatedKbPerIncident).toArray();
    out.printf(Locale.ROOT, "  allocation per incident (KB): %s; median %.0f%n", joined(allocated), median(allocated));
    out.flush();
  }

  private static String joined(double[] values) {
    return java.util.Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
        .collect(Collectors.joining(", "));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static void heap(CacheBenchmark.Figures f, PrintWriter out) {
    out.printf(Locale.ROOT, "%nMemory and start-up: %,d finished Jobs (%,d failed; %,d bytes of JSON each) in 10"
        + " namespaces, stored in %.0f s.%n", f.jobs(), f.failed(), f.averageJobJsonBytes(), f.populateSeconds());
    out.printf(Locale.ROOT, "  operator heap after full GC: %.1f MiB with no Jobs, %.1f MiB with them (%.1f KiB per"
            + " cached Job); target <= 256 MiB%n", mib(f.emptyHeapBytes()), mib(f.loadedHeapBytes()),
        f.cacheBytes() / 1024.0 / f.jobs());
    out.printf(Locale.ROOT, "  start-up, process start to caches in sync: %.1f s with no Jobs, %.1f s with them"
        + " (of which HealerOperator.start %.1f s)%n", f.emptyReadyMillis() / 1000.0, f.loadedReadyMillis() / 1000.0,
        f.loadedOperatorStartMillis() / 1000.0);
    out.flush();
  }

  private static String millis(long millis) {
    return millis < 0 ? "-" : millis < 10_000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
