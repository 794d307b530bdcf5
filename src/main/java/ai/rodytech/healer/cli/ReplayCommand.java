package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyDocument;
import ai.rodytech.healer.api.PolicyFileReader;
import ai.rodytech.healer.api.PolicyRulesMapper;
import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.replay.CaseFolders;
import ai.rodytech.healer.replay.ClusterHistory;
import ai.rodytech.healer.replay.ReplayCase;
import ai.rodytech.healer.replay.ReplayReport;
import ai.rodytech.healer.replay.Replayer;
import ai.rodytech.healer.rules.InvalidSignatureException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What a candidate policy would have done over a history, before it is switched on. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a history through a candidate policy, offline, with the operator's decision core (brain, history judge,"
          + " planner, guard), and print what it would have done: runs, heals, pages, retries spent, memory added,"
          + " CI minutes spent, and with labelled cases wrong heals and missed heals.",
      "The history is a folder of cases (case.json, and build.log for a failure; see docs/history.md), or with"
          + " --from-cluster the pipeline's PipelineHistory and incidents."
    })
public final class ReplayCommand implements Callable<Integer> {
  static final String ARTICLE_POLICY = "/demo/seed-policy.yaml";

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder of cases.")
  Path dir;

  @Option(names = "--policy", paramLabel = "FILE", description = "The candidate policy (default: the article's).")
  Path policyFile;

  @Option(names = "--order-by", paramLabel = "FIELD",
      description = "case.json field the cases are replayed in order of (default: 'order' when every case has it,"
          + " else the folder name).")
  String orderBy;

  @Option(names = "--interval-minutes", defaultValue = "30", paramLabel = "N",
      description = "Minutes between two cases without finished_at (default: ${DEFAULT-VALUE}).")
  long intervalMinutes;

  @Option(names = "--no-history", description = "Judge every failure from its log alone, without the healer's memory.")
  boolean noHistory;

  @Option(names = "--from-cluster", description = "Replay the pipeline's history from the cluster (kubeconfig).")
  boolean fromCluster;

  @Option(names = {"-n", "--namespace"}, description = "With --from-cluster: the namespace (default: the kubeconfig's).")
  String namespace;

  @Option(names = "--pipeline", description = "With --from-cluster: the pipeline.")
  String pipeline;

  @Option(names = "--run-minutes", defaultValue = "10", paramLabel = "N",
      description = "With --from-cluster: minutes one run takes, for the CI minutes (default: ${DEFAULT-VALUE}).")
  long runMinutes;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--list", description = "Also list each failure: its label, how it ended, the strategies used and why (text).")
  boolean list;

  @Mixin BrainOptions brainOptions;

  @Spec CommandSpec spec;

  /** Where --from-cluster connects; tests give the in-process cluster. */
  Supplier<KubernetesClient> clients = IncidentDecision.defaultClients();

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PipelineRecoveryPolicy policy;
    List<ReplayCase> cases;
    try {
      policy = policy();
      PolicyRules rules = PolicyRulesMapper.toRules(policy.getSpec());
      cases = fromCluster ? clusterCases() : folderCases(rules);
    } catch (IllegalArgumentException | InvalidSignatureException | UncheckedIOException e) {
      err.println("healer replay: " + e.getMessage());
      return 2;
    } catch (KubernetesClientException e) {
      err.println("healer replay: could not read the history from the cluster: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("healer replay: cannot read " + e.getMessage());
      return 2;
    }
    if (cases.isEmpty()) {
      err.println("healer replay: no cases to replay");
      return 2;
    }
    ReplayReport report = new Replayer(PolicyRulesMapper.toRules(policy.getSpec()),
        PolicyRulesMapper.historyRules(policy.getSpec()), !noHistory).replay(cases);
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.toJson()));
    } else {
      out.println("policy " + policy.getMetadata().getName() + (noHistory ? ", without history" : "") + ": "
          + cases.size() + " runs");
      out.print(report.toText());
      if (list) {
        out.print(report.outcomesText());
      }
    }
    out.flush();
    return 0;
  }

  private List<ReplayCase> folderCases(PolicyRules rules) throws IOException {
    if (dir == null) {
      throw new IllegalArgumentException("give a folder of cases, or --from-cluster with --pipeline");
    }
    Brain brain = brainOptions.brain(BrainOptions.redactor());
    BrainContext context = new BrainContext("", rules.allowedActions(),
        MemoryQuantity.formatMi(rules.memoryCeilingBytes()), new HashSet<>(rules.versionPins()));
    return new CaseFolders(brain, p -> context, Duration.ofMinutes(intervalMinutes)).load(dir, orderBy);
  }

  private List<ReplayCase> clusterCases() {
    if (pipeline == null || pipeline.isBlank()) {
      throw new IllegalArgumentException("--from-cluster needs --pipeline");
    }
    try (KubernetesClient client = clients.get()) {
      String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
      return new ClusterHistory(client, Duration.ofMinutes(runMinutes)).load(ns, pipeline);
    }
  }

  /** The candidate policy; IllegalArgumentException naming every problem of an invalid one. */
  private PipelineRecoveryPolicy policy() throws IOException {
    String text;
    String source;
    if (policyFile == null) {
      try (InputStream in = ReplayCommand.class.getResourceAsStream(ARTICLE_POLICY)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      source = "the article's policy";
    } else {
      text = Files.readString(policyFile, StandardCharsets.UTF_8);
      source = policyFile.toString();
    }
    List<PolicyDocument> documents = PolicyFileReader.read(text, source);
    PolicyDocument first = documents.get(0);
    if (!first.isValid() || first.policy().isEmpty()) {
      throw new IllegalArgumentException(source + " is not a valid policy: "
          + String.join("; ", first.problems().stream().map(Object::toString).toList()));
    }
    return first.policy().get();
  }
}
