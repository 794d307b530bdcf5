package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.PipelineIncident;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Reject a PipelineIncident waiting in PendingApproval: nothing is applied. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a PipelineIncident waiting in PendingApproval: nothing is applied.")
public final class RejectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The PipelineIncident's name.")
  String name;

  @Option(names = {"-n", "--namespace"}, description = "Its namespace. Default: the kubeconfig's, else 'default'.")
  String namespace;

  @Override
  public Integer call() {
    return IncidentDecision.annotate(IncidentDecision.defaultClients(), namespace, name,
        PipelineIncident.REJECT_ANNOTATION, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
