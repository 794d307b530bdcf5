package ai.rodytech.healer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Log scanning speed and heap: rules brain vs grep -E. */
@Command(name = "scan", mixinStandardHelpOptions = true, description = "Log scanning speed and heap: rules brain vs grep -E.")
public final class BenchScanCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("healer bench scan: not built yet (see the open issues).");
    return 2;
  }
}
