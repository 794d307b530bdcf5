package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.PolicyDocument;
import ai.rodytech.healer.api.PolicyFileReader;
import ai.rodytech.healer.api.PolicyRulesMapper;
import ai.rodytech.healer.core.history.FlakyTests;
import ai.rodytech.healer.core.history.HistoryRules;
import ai.rodytech.healer.core.history.HistoryView;
import ai.rodytech.healer.core.history.RunEntry;
import ai.rodytech.healer.core.history.TrackRecord;
import ai.rodytech.healer.operator.history.HistoryMetrics;
import ai.rodytech.healer.operator.history.RunLedger;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `healer history show|reset`: read a pipeline's run ledger, or reset a signature's track record. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Show a pipeline's run ledger (PipelineHistory), or reset the track record of a signature.",
    subcommands = {HistoryCommand.Show.class, HistoryCommand.Reset.class})
public final class HistoryCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the pipeline's history lives. */
  abstract static class Target implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-n", "--namespace"}, description = "The namespace (default: the kubeconfig's, else 'default').")
    String namespace;

    @Option(names = "--pipeline", required = true, description = "The pipeline.")
    String pipeline;

    /** Where the commands connect; tests give the in-process cluster. */
    Supplier<KubernetesClient> clients = IncidentDecision.defaultClients();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (KubernetesClient client = clients.get();
          RunLedger ledger = new RunLedger(client, new HistoryMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
        String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
        int code = run(ledger, ns, out, err);
        out.flush();
        return code;
      } catch (KubernetesClientException e) {
        err.println("could not reach the cluster: " + e.getMessage());
        return 1;
      } catch (IllegalArgumentException e) {
        err.println("healer history: " + e.getMessage());
        return 2;
      }
    }

    abstract int run(RunLedger ledger, String namespace, PrintWriter out, PrintWriter err);
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print the pipeline's ledger: runs, flaky tests with their evidence, track records, latest runs.")
  static final class Show extends Target {
    @Option(names = "--policy", paramLabel = "FILE",
        description = "Judge flaky tests and track records with this policy's thresholds (default: the defaults).")
    Path policyFile;

    @Option(names = "--runs", defaultValue = "10", description = "Latest runs to list (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    int run(RunLedger ledger, String namespace, PrintWriter out, PrintWriter err) {
      HistoryRules rules = rules();
      HistoryView view = ledger.view(namespace, pipeline);
      Instant now = Instant.now();
      out.printf("pipeline %s/%s: %d runs recorded, %d kept, %d failed in a row%n", namespace, pipeline,
          view.runsRecorded(), view.runs().size(), view.consecutiveFailures());
      List<FlakyTests.Finding> flaky = FlakyTests.known(view, rules, now);
      out.printf("flaky tests: %d%n", flaky.size());
      flaky.forEach(f -> out.printf("  %s%n", f.evidence()));
      out.printf("track records: %d%n", view.trackRecords().size());
      for (TrackRecord record : view.trackRecords()) {
        boolean stopped = record.recentAttempts() >= rules.trackRecordMinimumAttempts()
            && record.recentSuccess() < rules.trackRecordCutoff();
        out.printf(Locale.ROOT, "  %s; latest %s%s%n", record.describe(), record.recent(),
            stopped ? " (stopped: below the cut-off " + rules.trackRecordCutoff() + ")" : "");
      }
      List<RunEntry> latest = view.latest(runs);
      out.printf("latest runs: %d%n", latest.size());
      for (RunEntry run : latest) {
        out.printf("  %s  %-6s %s%s%s%n", run.finished(), run.succeeded() ? "passed" : "failed", run.name(),
            run.revision() == null ? "" : " @" + run.revision(),
            run.failedTests().isEmpty() ? "" : " failed: " + String.join(", ", run.failedTests()));
      }
      return 0;
    }

    private HistoryRules rules() {
      if (policyFile == null) {
        return HistoryRules.DEFAULTS;
      }
      try {
        PolicyDocument document = PolicyFileReader.read(policyFile).get(0);
        if (!document.isValid()) {
          throw new IllegalArgumentException(policyFile + " is not a valid policy (healer validate " + policyFile + ")");
        }
        return PolicyRulesMapper.historyRules(document.policy().orElseThrow().getSpec());
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + policyFile + ": " + e.getMessage(), e);
      }
    }
  }

  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Forget a signature's track record in the pipeline (every strategy), so the healer tries its"
          + " strategy again.")
  static final class Reset extends Target {
    @Option(names = "--signature", required = true, description = "The signature, as the record names it.")
    String signature;

    @Override
    int run(RunLedger ledger, String namespace, PrintWriter out, PrintWriter err) {
      int forgotten = ledger.reset(namespace, pipeline, signature);
      if (forgotten == 0) {
        err.printf("pipeline %s/%s has no track record for signature %s%n", namespace, pipeline, signature);
        return 1;
      }
      out.printf("reset %d track record%s of signature %s in pipeline %s/%s%n", forgotten, forgotten == 1 ? "" : "s",
          signature, namespace, pipeline);
      return 0;
    }
  }
}
