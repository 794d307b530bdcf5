package ai.rodytech.healer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What `healer approve` and `healer reject` share: an incident to annotate, and where it is. */
abstract class IncidentDecisionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The PipelineIncident's name.")
  String name;

  @Option(names = {"-n", "--namespace"}, description = "Its namespace. Default: the kubeconfig's, else 'default'.")
  String namespace;

  /** The annotation this decision sets to "true". */
  abstract String annotation();

  @Override
  public Integer call() {
    return IncidentDecision.annotate(IncidentDecision.defaultClients(), namespace, name, annotation(),
        spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
