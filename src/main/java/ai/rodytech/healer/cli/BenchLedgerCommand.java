package ai.rodytech.healer.cli;

import ai.rodytech.healer.bench.LedgerBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What recording finished runs in the run ledger costs the API server. */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description = {
      "What recording finished runs in the run ledger costs the API server (in-process cluster): API writes per"
          + " run under a steady load, record() latency, and reading the histories back after a restart."
    })
public final class BenchLedgerCommand implements Callable<Integer> {
  @Option(names = "--pipelines", defaultValue = "10", description = "Pipelines (default: ${DEFAULT-VALUE}).")
  int pipelines;

  @Option(names = "--rate", defaultValue = "50", description = "Finished runs per second, all pipelines (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", defaultValue = "10", description = "How long (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (pipelines < 1 || rate < 1 || seconds < 1) {
      spec.commandLine().getErr().println("healer bench ledger: --pipelines, --rate and --seconds must be >= 1");
      return 2;
    }
    new LedgerBenchmark(pipelines, rate, seconds).run(spec.commandLine().getOut());
    return 0;
  }
}
