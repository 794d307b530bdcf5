package ai.rodytech.healer.cli;

import ai.rodytech.healer.core.redact.LogRedaction;
import ai.rodytech.healer.rules.InvalidSignatureException;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.HealthServer;
import ai.rodytech.healer.operator.OperatorClient;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.operator.PolicyReconciler.IncidentRetention;
import ai.rodytech.healer.operator.observe.LogLimits;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the operator against the current kubeconfig or the in-cluster service account. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the operator against the current kubeconfig (KUBECONFIG or ~/.kube/config) or, inside a pod,",
      "the in-cluster service account. Serves /metrics, /healthz and /readyz on --port."
    })
public final class RunCommand implements Callable<Integer> {

  @Option(names = {"-n", "--namespace"}, split = ",", description = "Namespace(s) to watch, comma-separated. Default: all.")
  List<String> namespaces = List.of();

  @Option(names = "--leader-election", description = "Elect a leader through a Lease (needed with more than one replica). Default: ${DEFAULT-VALUE}.")
  boolean leaderElection;

  @Option(names = "--lease-namespace", description = "Namespace of the leader Lease. Default: POD_NAMESPACE, else 'default'.")
  String leaseNamespace;

  @Option(names = "--port", defaultValue = "8080", description = "Port for /metrics, /healthz, /readyz. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--log-tail-lines", defaultValue = "2000", description = "Lines of a failed container's log to read (tailLines). Default: ${DEFAULT-VALUE}.")
  int tailLines;

  @Option(names = "--log-limit-bytes", defaultValue = "262144", description = "Bytes of log to read at most (limitBytes). Default: ${DEFAULT-VALUE}.")
  int limitBytes;

  @Option(names = "--incident-max-age", defaultValue = "P7D", description = "Finished incidents older than this are pruned (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration incidentMaxAge;

  @Option(names = "--incident-max-count", defaultValue = "50", description = "Finished incidents kept per pipeline. Default: ${DEFAULT-VALUE}.")
  int incidentMaxCount;

  @Option(names = "--stale-run-age", defaultValue = "PT24H", description = "Runs that finished longer ago are never acted on. Default: ${DEFAULT-VALUE}.")
  Duration staleRunAge;

  @Option(
      names = "--start-timeout",
      description = "How long a corrective run may take to start (its first pod running) before the heal counts as"
          + " failed and a person is told, as a duration (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT10M")
  Duration startTimeout;

  @Option(
      names = "--status-interval",
      description = "Least time between two writes of a policy's aggregates or of a pipeline's run ledger; what"
          + " happens meanwhile is written together (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT5S")
  Duration statusInterval;

  @Option(
      names = "--list-limit",
      description = "Page size of the informers' initial lists (default: ${DEFAULT-VALUE}).",
      defaultValue = "500")
  long listLimit;

  @Option(
      names = "--run-selector",
      description = "Watch only runs with these labels (a label selector, e.g. ci=true). Default: every run.")
  String runSelector;

  @Option(names = "--signatures", split = ",", description = "Extra failure signature files or directories (e.g. a mounted ConfigMap), added to the built-in ones. Also HEALER_SIGNATURES.")
  List<java.nio.file.Path> signatures = new java.util.ArrayList<>();

  @Option(names = "--no-server-side-apply", description = "Do not use server-side apply (for API servers without it).")
  boolean noSsa;

  private List<java.nio.file.Path> signaturePaths() {
    List<java.nio.file.Path> paths = new java.util.ArrayList<>(signatures);
    String env = System.getenv("HEALER_SIGNATURES");
    if (env != null && !env.isBlank()) {
      for (String part : env.split(",")) {
        paths.add(java.nio.file.Path.of(part.trim()));
      }
    }
    return paths;
  }

  @Override
  public Integer call() throws Exception {
    LogRedaction.install();
    if (tailLines < 1 || limitBytes < 1024 || incidentMaxCount < 1) {
      System.err.println("healer run: --log-tail-lines must be >= 1, --log-limit-bytes >= 1024, --incident-max-count >= 1");
      return 2;
    }
    OperatorSettings settings =
        new OperatorSettings(
            Set.copyOf(namespaces),
            leaderElection
                ? Optional.of(Optional.ofNullable(leaseNamespace)
                    .orElse(Optional.ofNullable(System.getenv("POD_NAMESPACE")).orElse("default")))
                : Optional.empty(),
            !noSsa,
            new LogLimits(tailLines, limitBytes),
            new IncidentRetention(incidentMaxAge, incidentMaxCount),
            staleRunAge,
            10,
            startTimeout,
            listLimit,
            Optional.ofNullable(runSelector),
            statusInterval,
            OperatorSettings.LeaderTiming.DEFAULT);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HealerOperator.Services services;
    try {
      services = OperatorServices.fromEnvironment(registry, signaturePaths());
    } catch (IllegalArgumentException | InvalidSignatureException e) {
      System.err.println("healer run: " + e.getMessage());
      return 2;
    }
    KubernetesClient client = OperatorClient.builder().build();
    boolean[] started = {false};
    try (HealthServer http = new HealthServer(port, registry, () -> started[0])) {
      HealerOperator operator =
          HealerOperator.start(client, settings, services);
      started[0] = true;
      System.err.printf("healer: operator running against %s (namespaces: %s); metrics on :%d/metrics%n",
          client.getMasterUrl(), namespaces.isEmpty() ? "all" : String.join(",", namespaces), http.port());
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        operator.close();
        stop.countDown();
      }));
      stop.await();
    }
    return 0;
  }
}
