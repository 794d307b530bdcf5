package ai.rodytech.healer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Measure the brain over a folder of labelled CI failure cases. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure the brain over a folder of labelled CI failure cases.")
public final class EvalCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("healer eval: not built yet (see the open issues).");
    return 2;
  }
}
