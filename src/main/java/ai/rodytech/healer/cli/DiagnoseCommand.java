package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyRulesMapper;
import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import ai.rodytech.healer.api.PolicyDocument;
import ai.rodytech.healer.api.PolicyFileReader;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import ai.rodytech.healer.rules.InvalidSignatureException;
import ai.rodytech.healer.rules.RulesBrain;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Diagnose a CI log offline. */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description = {
      "Diagnose a CI log offline: its category, the strategy that would heal it, a summary, and the evidence lines.",
      "Only the end of the log is read (" + LogTailReader.DEFAULT_MAX_BYTES / 1024 + " KiB / "
          + LogTailReader.DEFAULT_MAX_LINES + " lines at most), whatever its size."
    })
public final class DiagnoseCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE|-", description = "The log file, or - to read standard input.")
  String file;

  @Option(names = "--exit-code", paramLabel = "N", description = "The failed command's or container's exit code.")
  Integer exitCode;

  @Option(names = "--reason", paramLabel = "R", description = "The termination reason, e.g. OOMKilled, Evicted,"
      + " DeadlineExceeded, BackoffLimitExceeded.")
  String reason;

  @Option(names = "--policy", paramLabel = "FILE", description = "A PipelineRecoveryPolicy YAML file: a strategy it"
      + " does not allow becomes alert_human, and the output says why.")
  Path policy;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Mixin BrainOptions brainOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Redactor redactor = BrainOptions.redactor();
    BrainContext context;
    Brain brain;
    LogTail tail;
    try {
      context = policy == null ? BrainContext.permissive() : context(policy);
      brain = brainOptions.brain(redactor);
      tail = read();
    } catch (PolicyFileException | InvalidSignatureException | IOException | IllegalArgumentException e) {
      err.println("healer diagnose: " + e.getMessage());
      return 2;
    }
    Diagnosis diagnosis = brain.diagnose(FailureSnapshot.ofLog(tail, exitCode, reason), context);
    boolean llmPossible = !RulesBrain.NAME.equals(brain.name());
    if (format == OutputFormat.json) {
      Map<String, Object> json = llmPossible ? withBrain(diagnosis) : json(diagnosis);
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    } else {
      out.print(llmPossible ? brainLines(diagnosis) + text(diagnosis) : text(diagnosis));
    }
    out.flush();
    return 0;
  }

  private LogTail read() throws IOException {
    LogTailReader reader = new LogTailReader();
    if ("-".equals(file)) {
      return reader.read(System.in, "stdin");
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IOException(file + " is not a readable file");
    }
    return reader.read(path);
  }

  /** Exactly the documented keys, in this order: category, strategy, confidence, summary, evidence, failingTests. */
  static Map<String, Object> json(Diagnosis diagnosis) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("category", diagnosis.category().wireName());
    json.put("strategy", diagnosis.action().wireName());
    json.put("confidence", diagnosis.confidence());
    json.put("summary", diagnosis.summary());
    json.put("evidence", diagnosis.evidence().stream().map(e -> Map.of("line", e.line(), "text", e.text())).toList());
    json.put("failingTests", diagnosis.failingTests());
    return json;
  }

  /** The rules brain's keys plus which brain answered and the tokens it spent (--brain llm|hybrid). */
  static Map<String, Object> withBrain(Diagnosis diagnosis) {
    Map<String, Object> json = json(diagnosis);
    json.put("brain", diagnosis.brain());
    json.put("tokensIn", diagnosis.tokensIn());
    json.put("tokensOut", diagnosis.tokensOut());
    return json;
  }

  private static String brainLines(Diagnosis diagnosis) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "brain:      %s (tokens in %d, out %d)%n", diagnosis.brain(),
        diagnosis.tokensIn(), diagnosis.tokensOut()));
    diagnosis.arguments().forEach((k, v) -> out.append(String.format(Locale.ROOT, "argument:   %s=%s%n", k, v)));
    return out.toString();
  }

  static String text(Diagnosis diagnosis) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "category:   %s%n", diagnosis.category().wireName()));
    out.append(String.format(Locale.ROOT, "strategy:   %s%n", diagnosis.action().wireName()));
    out.append(String.format(Locale.ROOT, "confidence: %.2f%n", diagnosis.confidence()));
    out.append(String.format(Locale.ROOT, "summary:    %s%n", diagnosis.summary()));
    if (!diagnosis.evidence().isEmpty()) {
      out.append(String.format(Locale.ROOT, "evidence:%n"));
      for (Evidence evidence : diagnosis.evidence()) {
        String where = evidence.line() > 0 ? "line " + evidence.line() : "outside the log";
        out.append(String.format(Locale.ROOT, "  %s: %s%n", where, evidence.text()));
      }
    }
    if (!diagnosis.failingTests().isEmpty()) {
      out.append(String.format(Locale.ROOT, "failing tests:%n"));
      diagnosis.failingTests().forEach(t -> out.append(String.format(Locale.ROOT, "  %s%n", t)));
    }
    if (!diagnosis.notes().isEmpty()) {
      out.append(String.format(Locale.ROOT, "notes:%n"));
      diagnosis.notes().forEach(n -> out.append(String.format(Locale.ROOT, "  %s%n", n)));
    }
    return out.toString();
  }

  /** What the brain may know of the policy: its allowed strategies, memory ceiling and version pins. */
  static BrainContext context(Path policyFile) throws PolicyFileException {
    PipelineRecoveryPolicy resource;
    try {
      // Read as the API server reads it (aliases, duplicate keys, size bound): the same reader as healer validate.
      List<PolicyDocument> documents = PolicyFileReader.read(policyFile);
      if (documents.isEmpty()) {
        throw new PolicyFileException("policy " + policyFile + " is empty");
      }
      PolicyDocument first = documents.get(0);
      if (!first.problems().isEmpty()) {
        throw new PolicyFileException("policy " + policyFile + " is not valid: " + first.problems().get(0));
      }
      resource = first.policy().orElse(null);
    } catch (IOException | RuntimeException e) {
      throw new PolicyFileException("cannot read policy " + policyFile + ": " + firstLine(e.getMessage()), e);
    }
    if (resource == null || resource.getSpec() == null) {
      throw new PolicyFileException("policy " + policyFile + " has no spec");
    }
    PolicyRules rules;
    try {
      rules = PolicyRulesMapper.toRules(resource.getSpec());
    } catch (IllegalArgumentException e) {
      throw new PolicyFileException("policy " + policyFile + " is not valid: " + e.getMessage(), e);
    }
    return new BrainContext(rules.targetPipeline(), rules.allowedActions(),
        MemoryQuantity.formatMi(rules.memoryCeilingBytes()), Set.copyOf(rules.versionPins()));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    List<String> lines = message.lines().toList();
    return lines.isEmpty() ? message : lines.get(0);
  }

  /** A policy file that cannot be read or used. */
  static final class PolicyFileException extends Exception {
    PolicyFileException(String message) {
      super(message);
    }

    PolicyFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
