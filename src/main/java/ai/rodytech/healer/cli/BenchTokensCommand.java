package ai.rodytech.healer.cli;

import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import ai.rodytech.healer.eval.EvalCase;
import ai.rodytech.healer.eval.EvalCases;
import ai.rodytech.healer.llm.LlmOption;
import ai.rodytech.healer.llm.TokenBenchmark;
import ai.rodytech.healer.rules.InvalidSignatureException;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prompt tokens per incident: our context vs the whole log. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = {
      "Prompt tokens per incident: the context the LLM brain sends (built from the rules brain's evidence, cut to",
      "the token budget) against the article's approach of sending the whole log. Offline: no provider is called."
    })
public final class BenchTokensCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = "../shared/corpus",
      description = "Folder of cases (sub-folders with build.log and case.json); default: ${DEFAULT-VALUE}.")
  Path dir;

  @Option(names = "--token-budget", paramLabel = "N", defaultValue = "2000",
      description = "The LLM brain's token budget per incident (default: ${DEFAULT-VALUE}).")
  int tokenBudget;

  @Option(names = "--tokenizer", paramLabel = "NAME", defaultValue = "cl100k_base",
      description = "cl100k_base or o200k_base (default: ${DEFAULT-VALUE}).")
  String tokenizer;

  @Option(names = "--per-case", description = "Also print each case's figures (tab-separated).")
  boolean perCase;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<TokenBenchmark.Case> cases = new ArrayList<>();
    TokenBenchmark benchmark;
    try {
      LogTailReader reader = new LogTailReader();
      for (EvalCase c : EvalCases.load(dir)) {
        String wholeLog = new String(Files.readAllBytes(c.log()), StandardCharsets.UTF_8);
        cases.add(new TokenBenchmark.Case(c.name(), reader.read(c.log()), wholeLog, c.exitCode()));
      }
      SecretRedactor redactor = new SecretRedactor();
      benchmark = new TokenBenchmark(
          new RulesBrain(SignatureCatalog.load(List.of()), redactor), redactor, tokenizer, tokenBudget);
    } catch (IllegalArgumentException | InvalidSignatureException e) {
      err.println("healer bench tokens: " + e.getMessage());
      return 2;
    }
    if (cases.isEmpty()) {
      err.println("healer bench tokens: no cases in " + dir + " (expected folders with build.log and case.json)");
      return 2;
    }
    print(out, benchmark.run(cases));
    out.flush();
    return 0;
  }

  private void print(PrintWriter out, TokenBenchmark.Report report) {
    if (perCase) {
      out.println("case\tours\twhole_log\ttools");
      report.cases().forEach(m -> out.printf(Locale.ROOT, "%s\t%d\t%d\t%d%n", m.name(), m.ours(), m.wholeLog(), m.tools()));
      out.println();
    }
    out.printf(Locale.ROOT, "%d cases from %s; tokenizer %s; token budget %d (%s)%n", report.cases().size(), dir,
        report.tokenizer(), report.budget(), LlmOption.TOKEN_BUDGET.envVar());
    out.printf(Locale.ROOT, "%-34s %10s %10s %10s%n", "prompt tokens per incident", "median", "p95", "max");
    row(out, "our context (system + context)", report.ours());
    row(out, "whole log (the article's approach)", report.wholeLog());
    out.printf(Locale.ROOT, "ratio of medians (whole log / ours): %.1fx%n", report.ratio());
    out.printf(Locale.ROOT, "target (our median <= 1/20 of the whole log's): %s%n", report.targetMet() ? "met" : "NOT met");
    int tools = report.cases().stream().mapToInt(TokenBenchmark.Measurement::tools).max().orElse(0);
    out.printf(Locale.ROOT, "tool definitions, sent with either approach: %d tokens (counted in the budget)%n", tools);
  }

  private static void row(PrintWriter out, String name, TokenBenchmark.Summary summary) {
    out.printf(Locale.ROOT, "%-34s %10.0f %10.0f %10d%n", name, summary.median(), summary.p95(), summary.max());
  }
}
