package ai.rodytech.healer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Check a PipelineRecoveryPolicy file offline. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a PipelineRecoveryPolicy file offline.")
public final class ValidateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("healer validate: not built yet (see the open issues).");
    return 2;
  }
}
