package ai.rodytech.healer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prompt tokens per incident: our context vs the whole log. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Prompt tokens per incident: our context vs the whole log.")
public final class BenchTokensCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("healer bench tokens: not built yet (see the open issues).");
    return 2;
  }
}
