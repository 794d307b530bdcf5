package ai.rodytech.healer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Benchmarks that print figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures.",
    subcommands = {BenchScanCommand.class, BenchBrainCommand.class, BenchCallsCommand.class, BenchTokensCommand.class, BenchLoopCommand.class, BenchLedgerCommand.class})
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("healer bench: choose one of: scan, tokens, loop, ledger (see healer bench --help).");
    return 2;
  }
}
