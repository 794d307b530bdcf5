package ai.rodytech.healer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Reject a PipelineIncident waiting in PendingApproval. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a PipelineIncident waiting in PendingApproval.")
public final class RejectCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("healer reject: not built yet (see the open issues).");
    return 2;
  }
}
