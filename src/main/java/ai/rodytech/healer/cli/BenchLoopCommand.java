package ai.rodytech.healer.cli;

import ai.rodytech.healer.bench.LoopBenchmark;
import ai.rodytech.healer.operator.OperatorSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Failure-to-corrective-run latency and throughput of the operator loop. */
@Command(name = "loop", mixinStandardHelpOptions = true, description = "Failure-to-corrective-run latency and throughput of the operator loop.")
public final class BenchLoopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--bursts", split = ",", defaultValue = "100,1000")
  List<Integer> bursts;

  @Option(names = "--warmups", defaultValue = "1")
  int warmups;

  @Option(names = "--pipelines", defaultValue = "100")
  int pipelines;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (LoopBenchmark bench = LoopBenchmark.start(OperatorSettings.defaults().reconcileThreads())) {
      return run(bench, out);
    }
  }

  private Integer run(LoopBenchmark bench, PrintWriter out) throws Exception {
    for (int w = 0; w < warmups; w++) {
      LoopBenchmark.Burst b = bench.burst(500, 100);
      out.printf(Locale.ROOT, "warm-up %d: p50 %d p99 %d; %.0f/s; operator cpu %.1f s%n", w, b.percentileMillis(50),
          b.percentileMillis(99), b.incidentsPerSecond(), b.cpuSeconds().get("operator JVM"));
      out.flush();
    }
    LoopBenchmark.Burst one = bench.oneAtATime(20);
    out.printf(Locale.ROOT, "1 x20: p50 %d p99 %d max %d %s%n", one.percentileMillis(50), one.percentileMillis(99), one.percentileMillis(100), one.latenciesNanos().stream().map(n -> n / 1_000_000).toList());
    out.flush();
    for (int n : bursts) {
      LoopBenchmark.Burst b = bench.burst(n, Math.min(n, pipelines));
      out.printf(Locale.ROOT, "%d: p50 %d p99 %d max %d; spread %.2f s; %.0f/s; unhealed %d%n", n, b.percentileMillis(50),
          b.percentileMillis(99), b.percentileMillis(100), b.failureSpreadSeconds(), b.incidentsPerSecond(), b.unhealed());
      b.cpuSeconds().forEach((k, v) -> out.printf(Locale.ROOT, "   cpu %-60s %.2f%n", k, v));
      b.callsPerIncident().forEach((k, v) -> out.printf(Locale.ROOT, "   calls %-60s %.2f%n", k, v));
      out.flush();
    }
    return 0;
  }
}
