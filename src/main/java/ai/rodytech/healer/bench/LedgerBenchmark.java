package ai.rodytech.healer.bench;

import ai.rodytech.healer.api.PipelineHistory;
import ai.rodytech.healer.core.history.Decision;
import ai.rodytech.healer.core.history.FinishedRun;
import ai.rodytech.healer.install.Crds;
import ai.rodytech.healer.operator.history.HistoryMetrics;
import ai.rodytech.healer.operator.history.RunLedger;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What recording finished runs costs the API server: runs arrive at a steady rate over several pipelines, each is
 * recorded (and, for a failure, its decision noted) through a {@link RunLedger} against the in-process cluster, and
 * the benchmark prints the writes per run, the latency of {@code record}, and what a restart costs to read back.
 */
public final class LedgerBenchmark {
  private final int pipelines;
  private final int runsPerSecond;
  private final int seconds;

  public LedgerBenchmark(int pipelines, int runsPerSecond, int seconds) {
    this.pipelines = pipelines;
    this.runsPerSecond = runsPerSecond;
    this.seconds = seconds;
  }

  public void run(PrintWriter out) throws InterruptedException {
    try (InProcessCluster cluster = InProcessCluster.start(); KubernetesClient client = cluster.newClient()) {
      Crds.SOURCES.stream().filter(s -> s.type() == PipelineHistory.class)
          .forEach(s -> cluster.client().resource(Crds.load(s)).create());
      List<Long> latencies = new ArrayList<>();
      int runs = runsPerSecond * seconds;
      long writes;
      long started = System.nanoTime();
      try (RunLedger ledger = new RunLedger(client, new HistoryMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
        for (int i = 0; i < runs; i++) {
          long due = started + i * 1_000_000_000L / runsPerSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          String pipeline = "pipeline-" + (i % pipelines);
          boolean failed = i % 5 == 0;
          FinishedRun run = FinishedRun.builder("bench", pipeline, pipeline + "-" + i, "uid-" + i)
              .finished(Instant.now()).succeeded(!failed).revision(String.format("%040x", i / 3))
              .failingTests(failed ? List.of("com.example.Suite" + (i % 7) + "IT.case" + (i % 11)) : List.of())
              .build();
          long t0 = System.nanoTime();
          ledger.record(run);
          if (failed) {
            ledger.decided("bench", pipeline, run.uid(), new Decision(List.of("category:flaky_test"), "retry_stage"));
          }
          latencies.add(System.nanoTime() - t0);
        }
        ledger.flush();
        writes = ledger.writes();
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      Collections.sort(latencies);
      out.printf(Locale.ROOT, "%d runs over %d pipelines in %.1f s (%d runs/s asked)%n", runs, pipelines, elapsed,
          runsPerSecond);
      out.printf(Locale.ROOT, "API writes: %d (%d creations, %d status writes): %.3f per run, %.2f per pipeline per"
              + " second%n", writes, pipelines, writes - pipelines, (double) writes / runs,
          (writes - pipelines) / (pipelines * elapsed));
      out.printf(Locale.ROOT, "record() latency: p50 %.3f ms, p99 %.3f ms, max %.1f ms (the first of a pipeline"
              + " reads its history)%n", percentile(latencies, 0.5), percentile(latencies, 0.99),
          latencies.get(latencies.size() - 1) / 1e6);
      long size = 0;
      long readStart = System.nanoTime();
      try (KubernetesClient fresh = cluster.newClient();
          RunLedger restarted = new RunLedger(fresh, new HistoryMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
        for (int p = 0; p < pipelines; p++) {
          restarted.view("bench", "pipeline-" + p);
        }
      }
      double readMs = (System.nanoTime() - readStart) / 1e6;
      for (PipelineHistory h : client.resources(PipelineHistory.class).inNamespace("bench").list().getItems()) {
        size = Math.max(size, Serialization.asJson(h).getBytes(StandardCharsets.UTF_8).length);
      }
      out.printf(Locale.ROOT, "after a restart, reading the %d histories back: %.0f ms; largest history %,d bytes%n",
          pipelines, readMs, size);
      out.flush();
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
  }
}
