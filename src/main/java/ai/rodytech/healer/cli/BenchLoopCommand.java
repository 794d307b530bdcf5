package ai.rodytech.healer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Failure-to-corrective-run latency and throughput of the operator loop. */
@Command(name = "loop", mixinStandardHelpOptions = true, description = "Failure-to-corrective-run latency and throughput of the operator loop.")
public final class BenchLoopCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("healer bench loop: not built yet (see the open issues).");
    return 2;
  }
}
