package ai.rodytech.healer.llm;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The LLM brain: offers the model exactly the policy's allowed actions as tools, validates the one call it
 * makes, and returns it as a diagnosis with its arguments, for the same guard as the rules brain. Whatever
 * goes wrong (no call, a bad call, the provider down, the budget spent) ends in the fallback brain's
 * diagnosis with the reason in its notes: never an exception.
 */
public final class LlmBrain implements Brain {
  public static final String NAME = "llm";

  private final LlmSettings settings;
  private final Brain fallback;
  private final Redactor redactor;
  private final PromptBuilder prompts;
  private final RetryingChat chat;
  private final CircuitBreaker breaker;
  private final HourlyCallCap hourlyCap;
  private final LlmMetrics metrics;

  public LlmBrain(
      LlmSettings settings,
      ChatModel model,
      Brain fallback,
      Redactor redactor,
      MeterRegistry registry,
      Clock clock,
      Sleeper sleeper) {
    this.settings = settings;
    this.fallback = fallback;
    this.redactor = redactor;
    this.prompts = new PromptBuilder(redactor, TokenCounter.of(settings.tokenizer()), settings.tokenBudget());
    this.chat = new RetryingChat(model, settings.maxRetries(), settings.retryBackoff(), sleeper);
    this.breaker = new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration(), clock);
    this.hourlyCap = new HourlyCallCap(settings.maxCallsPerPipelinePerHour(), clock);
    this.metrics = new LlmMetrics(registry, settings.provider(), breaker::state);
  }

  @Override
  public Diagnosis diagnose(FailureSnapshot snapshot, BrainContext context) {
    return consult(snapshot, context, fallback.diagnose(snapshot, context));
  }

  /**
   * Asks the model with the fallback brain's diagnosis at hand: its evidence picks the log regions the prompt
   * shows, and it is the answer whenever the model's is not usable.
   */
  public Diagnosis consult(FailureSnapshot snapshot, BrainContext context, Diagnosis rules) {
    try {
      return ask(snapshot, context, rules);
    } catch (RuntimeException e) {
      return fallBack(rules, FallbackReason.INTERNAL_ERROR, "internal error " + e.getClass().getSimpleName(), 0, 0);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The circuit breaker's state, for status and tests. */
  public CircuitBreaker.State circuitState() {
    return breaker.state();
  }

  private Diagnosis ask(FailureSnapshot snapshot, BrainContext context, Diagnosis rules) {
    if (breaker.state() == CircuitBreaker.State.OPEN) {
      return circuitOpen(rules);
    }
    List<ToolSpecification> tools = HealingTools.offeredFor(snapshot, context);
    Optional<Prompt> prompt = prompts.build(snapshot, rules, context, tools);
    if (prompt.isEmpty()) {
      return fallBack(
          rules, FallbackReason.PROMPT_OVER_BUDGET,
          "the run's facts alone exceed the token budget of " + settings.tokenBudget(), 0, 0);
    }
    if (!hourlyCap.tryAcquire(context.pipeline())) {
      return fallBack(
          rules, FallbackReason.HOURLY_CAP,
          "pipeline '" + context.pipeline() + "' reached its " + hourlyCap.limit() + " LLM calls this hour", 0, 0);
    }
    if (!breaker.tryAcquire()) {
      return circuitOpen(rules);
    }
    long started = System.nanoTime();
    ChatAttempt attempt = chat.call(request(prompt.get(), tools));
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    if (attempt instanceof ChatAttempt.Failed failed) {
      breaker.recordFailure();
      metrics.call(LlmMetrics.Outcome.FAILED, latency);
      return fallBack(rules, failed.reason(), failed.detail(), 0, 0);
    }
    breaker.recordSuccess();
    ChatResponse response = ((ChatAttempt.Answered) attempt).response();
    int tokensIn = tokens(response.tokenUsage(), true).orElse(prompt.get().tokens());
    int tokensOut = tokens(response.tokenUsage(), false).orElse(0);
    metrics.tokens(tokensIn, tokensOut);
    ToolCallValidator.Verdict verdict = ToolCallValidator.validate(response.aiMessage(), snapshot, context);
    if (verdict instanceof ToolCallValidator.Rejected rejected) {
      metrics.call(LlmMetrics.Outcome.REJECTED, latency);
      return fallBack(rules, rejected.reason(), rejected.detail(), tokensIn, tokensOut);
    }
    metrics.call(LlmMetrics.Outcome.ACCEPTED, latency);
    ToolCallValidator.Proposal proposal = ((ToolCallValidator.Accepted) verdict).proposal();
    List<String> notes = new ArrayList<>();
    if (attempt.calls() > 1) {
      notes.add("llm answered on call " + attempt.calls());
    }
    if (proposal.category() != rules.category()) {
      notes.add(String.format(
          Locale.ROOT, "rules brain said %s (confidence %.2f)", rules.category().wireName(), rules.confidence()));
    }
    return new Diagnosis(
        proposal.category(), proposal.action(), proposal.confidence(),
        ToolCallValidator.shorten(redactor.redact(proposal.reason())),
        rules.evidence(), rules.failingTests(), proposal.arguments(), NAME, notes, tokensIn, tokensOut);
  }

  private ChatRequest request(Prompt prompt, List<ToolSpecification> tools) {
    ChatRequest.Builder request =
        ChatRequest.builder()
            .messages(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()))
            .toolSpecifications(tools);
    // Ollama's LangChain4j model refuses a required tool choice; its models are told in the prompt instead.
    if (settings.provider() != LlmProvider.OLLAMA) {
      request.toolChoice(ToolChoice.REQUIRED);
    }
    return request.build();
  }

  private Diagnosis circuitOpen(Diagnosis rules) {
    return fallBack(
        rules, FallbackReason.CIRCUIT_OPEN,
        "circuit breaker open after " + settings.breakerFailureThreshold() + " failed calls; next trial at "
            + Optional.ofNullable(breaker.retryAt()).map(Object::toString).orElse("once a trial call ends"), 0, 0);
  }

  private Diagnosis fallBack(Diagnosis rules, FallbackReason reason, String detail, int tokensIn, int tokensOut) {
    metrics.fallback(reason);
    List<String> notes = new ArrayList<>(rules.notes());
    notes.add("llm fallback: " + detail);
    return new Diagnosis(
        rules.category(), rules.action(), rules.confidence(), rules.summary(), rules.evidence(), rules.failingTests(),
        rules.arguments(), rules.brain() + " (llm fallback: " + reason.code() + ")", notes, tokensIn, tokensOut);
  }

  private static Optional<Integer> tokens(TokenUsage usage, boolean input) {
    if (usage == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(input ? usage.inputTokenCount() : usage.outputTokenCount());
  }
}
