package ai.rodytech.healer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Watch Pipeline Healer heal a simulated cluster, in this process. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Watch Pipeline Healer heal a simulated cluster, in this process.")
public final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("healer demo: not built yet (see the open issues).");
    return 2;
  }
}
