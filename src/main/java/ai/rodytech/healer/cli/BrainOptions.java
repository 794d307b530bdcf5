package ai.rodytech.healer.cli;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options that choose and configure the brain of the offline commands (diagnose, eval). */
public final class BrainOptions {

  @Option(
      names = "--signatures",
      paramLabel = "PATH",
      description = "An extra signature file, or a directory of *.yaml signature files (e.g. a mounted ConfigMap),"
          + " added to the built-in ones. Repeatable.")
  List<Path> signatures = new ArrayList<>();

  @Option(
      names = "--rules-budget",
      paramLabel = "MILLIS",
      description = "How long the rules brain may read one log, in milliseconds (default: 3000). Past it, what the"
          + " end of the log showed decides, or a person is asked.")
  long rulesBudgetMillis = RulesBrain.DEFAULT_BUDGET.toMillis();

  @Mixin LlmCliOptions llm = new LlmCliOptions();

  /**
   * The one place the CLI builds its brain: the rules brain, or the LLM brain or hybrid over it as the
   * {@link LlmCliOptions} flags (and HEALER_LLM_* variables) ask.
   *
   * @throws IllegalArgumentException for a bad LLM setting, or an LLM brain asked for without a provider
   */
  Brain brain(Redactor redactor) {
    if (rulesBudgetMillis < 0) {
      throw new IllegalArgumentException("--rules-budget cannot be negative: " + rulesBudgetMillis);
    }
    Brain rules = new RulesBrain(SignatureCatalog.load(signatures), redactor, Duration.ofMillis(rulesBudgetMillis));
    return llm.brain(rules, redactor, new SimpleMeterRegistry(), System.getenv());
  }

  /** The redactor for all text the CLI prints or sends to an LLM. */
  static Redactor redactor() {
    return new SecretRedactor();
  }
}
