package ai.rodytech.healer.llm;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Prompt tokens per incident: the context {@link PromptBuilder} sends against the article's approach of
 * sending the whole log, both counted with the same tokenizer. Offline: no provider is called.
 */
public final class TokenBenchmark {

  /** The article's system prompt, quoted, and its way of passing the logs. */
  static final String ARTICLE_SYSTEM_PROMPT =
      "You are a senior DevOps engineer. Analyze the following error logs from a Kubernetes CI job. If the error"
          + " indicates 'OutOfMemory', return a JSON object with action 'ScaleUp'. If it is a network timeout,"
          + " return 'Retry'. Do not suggest actions that involve data loss.";

  /**
   * One failure to measure.
   *
   * @param tail the bounded tail an observer (or {@code healer diagnose}) reads, from which our context is built
   * @param wholeLog the whole log, as the article sends it
   * @param exitCode the failed command's exit code, or null
   */
  public record Case(String name, LogTail tail, String wholeLog, Integer exitCode) {}

  /**
   * One case's figures.
   *
   * @param ours tokens of our system prompt and context
   * @param wholeLog tokens of the article's system prompt and the whole log
   * @param tools tokens of the tool definitions, sent alongside either
   */
  public record Measurement(String name, int ours, int wholeLog, int tools) {}

  /** Median and 95th percentile of a series. */
  public record Summary(double median, double p95, int max) {
    static Summary of(int[] values) {
      int[] sorted = values.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      if (n == 0) {
        return new Summary(0, 0, 0);
      }
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
      int rank = (int) Math.ceil(0.95 * n);
      return new Summary(median, sorted[Math.max(0, rank - 1)], sorted[n - 1]);
    }
  }

  /** All cases' figures and their summaries. */
  public record Report(List<Measurement> cases, Summary ours, Summary wholeLog, int budget, String tokenizer) {
    public double ratio() {
      return ours.median() == 0 ? 0 : wholeLog.median() / ours.median();
    }

    /** The target: our median at most 1/20 of the whole-log median. */
    public boolean targetMet() {
      return ours.median() * 20 <= wholeLog.median();
    }
  }

  private final Brain rules;
  private final Redactor redactor;
  private final TokenCounter counter;
  private final int budget;

  public TokenBenchmark(Brain rules, Redactor redactor, String tokenizer, int budget) {
    this.rules = rules;
    this.redactor = redactor;
    this.counter = TokenCounter.of(tokenizer);
    this.budget = budget;
  }

  public Report run(List<Case> cases) {
    PromptBuilder prompts = new PromptBuilder(redactor, counter, budget);
    BrainContext context = BrainContext.permissive();
    List<Measurement> measurements = new ArrayList<>();
    for (Case c : cases) {
      FailureSnapshot snapshot = FailureSnapshot.ofLog(c.tail(), c.exitCode(), null);
      Diagnosis diagnosis = rules.diagnose(snapshot, context);
      List<ToolSpecification> tools = HealingTools.offeredFor(snapshot, context);
      Optional<Prompt> prompt = prompts.build(snapshot, diagnosis, context, tools);
      int ours = prompt.map(Prompt::contextTokens).orElse(0);
      int toolTokens = prompt.map(Prompt::toolTokens).orElse(0);
      measurements.add(new Measurement(c.name(), ours, wholeLogTokens(c), toolTokens));
    }
    return new Report(
        List.copyOf(measurements),
        Summary.of(measurements.stream().mapToInt(Measurement::ours).toArray()),
        Summary.of(measurements.stream().mapToInt(Measurement::wholeLog).toArray()),
        budget,
        counter.encodingName());
  }

  /** The article's QueryForFix: "Pipeline failed with error: %s. Logs: %s", the whole log inline. */
  private int wholeLogTokens(Case c) {
    String message = c.exitCode() == null ? "failed" : "exit code " + c.exitCode();
    return counter.count(ARTICLE_SYSTEM_PROMPT)
        + counter.count("Pipeline failed with error: " + message + ". Logs: " + c.wholeLog());
  }
}
