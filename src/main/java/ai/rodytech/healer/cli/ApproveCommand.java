package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.PipelineIncident;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Approve a PipelineIncident waiting in PendingApproval: its change is then applied. */
@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a PipelineIncident waiting in PendingApproval: its change is then applied.")
public final class ApproveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The PipelineIncident's name.")
  String name;

  @Option(names = {"-n", "--namespace"}, description = "Its namespace. Default: the kubeconfig's, else 'default'.")
  String namespace;

  @Override
  public Integer call() {
    return IncidentDecision.annotate(IncidentDecision.defaultClients(), namespace, name,
        PipelineIncident.APPROVE_ANNOTATION, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
