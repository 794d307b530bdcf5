package ai.rodytech.healer.cli;

import ai.rodytech.healer.install.InstallManifests;
import ai.rodytech.healer.install.InstallOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Print CRDs, RBAC and a Deployment for kubectl apply -f -. */
@Command(
    name = "manifests",
    mixinStandardHelpOptions = true,
    description = {
      "Print everything the operator needs as one multi-document YAML for 'kubectl apply -f -': the CRDs, a"
          + " Namespace, a ServiceAccount, least-privilege RBAC (a ClusterRole, or a Role in each watched namespace;"
          + " a Role for the leader-election Lease; no access to Secrets), the metrics Service and the Deployment"
          + " (two replicas, one leader). The Helm chart in deploy/helm renders the same with its defaults.",
      "Example: healer manifests | kubectl apply -f -"
    })
public final class ManifestsCommand implements Callable<Integer> {
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      defaultValue = InstallOptions.DEFAULT_NAMESPACE,
      description = "Namespace the operator runs in (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "Operator image (default: " + InstallOptions.IMAGE_REPOSITORY + ":<this version>).")
  String image;

  @Option(
      names = "--llm-secret",
      paramLabel = "NAME",
      defaultValue = InstallOptions.DEFAULT_LLM_SECRET,
      description =
          "Secret in the operator's namespace whose keys become its HEALER_LLM_* environment; optional, the operator"
              + " starts without it (default: ${DEFAULT-VALUE}).")
  String llmSecret;

  @Option(
      names = "--watch-namespace",
      paramLabel = "NS",
      split = ",",
      description =
          "Namespaces the operator watches, comma-separated or repeated: each gets a Role instead of the"
              + " ClusterRole. Default: all namespaces.")
  List<String> watchNamespaces = new ArrayList<>();

  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<AlertSecret> alertSecrets = new ArrayList<>();

  /** One alert Secret: both options together; repeat the pair for more. */
  static final class AlertSecret {
    @Option(
        names = "--alerts-secret",
        paramLabel = "NAME",
        required = true,
        description = "A Secret named by a policy's spec.alerts.secretName: adds a Role to get exactly that Secret.")
    String name;

    @Option(
        names = "--alerts-namespace",
        paramLabel = "NS",
        required = true,
        description = "The namespace of that Secret (the policy's namespace).")
    String namespace;
  }

  @Override
  public Integer call() {
    List<InstallOptions.SecretRef> secrets = new ArrayList<>();
    for (AlertSecret secret : alertSecrets) {
      requireDnsLabel("--alerts-namespace", secret.namespace);
      secrets.add(new InstallOptions.SecretRef(secret.namespace, secret.name));
    }
    requireDnsLabel("--namespace", namespace);
    for (String watched : watchNamespaces) {
      requireDnsLabel("--watch-namespace", watched);
    }
    InstallOptions options =
        new InstallOptions(
            namespace, image == null ? InstallOptions.defaultImage() : image, llmSecret, secrets,
            watchNamespaces.stream().distinct().toList());
    PrintWriter out = spec.commandLine().getOut();
    out.print(InstallManifests.yaml(options));
    out.flush();
    return 0;
  }

  private void requireDnsLabel(String option, String value) {
    if (!DNS_LABEL.matcher(value).matches()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + ": '" + value + "' is not a namespace name (lower-case letters, digits, '-')");
    }
  }
}
