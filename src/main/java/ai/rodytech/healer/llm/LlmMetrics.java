package ai.rodytech.healer.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The LLM brain's meters. In Prometheus: healer_llm_calls_total{provider,outcome},
 * healer_llm_tokens_total{direction}, healer_llm_latency_seconds, healer_llm_fallbacks_total{reason}.
 */
final class LlmMetrics {

  /** How one logical call (retries included) ended. */
  enum Outcome {
    /** The model's proposal was valid. */
    ACCEPTED("accepted"),
    /** The model answered, but not with a usable proposal. */
    REJECTED("rejected"),
    /** No answer: timeout or provider error after retries. */
    FAILED("failed");

    final String tag;

    Outcome(String tag) {
      this.tag = tag;
    }
  }

  private final MeterRegistry registry;
  private final String provider;
  private final Timer latency;

  LlmMetrics(MeterRegistry registry, LlmProvider provider) {
    this.registry = registry;
    this.provider = provider.wireName();
    this.latency =
        Timer.builder("healer.llm.latency")
            .description("Duration of one LLM call, retries included")
            .tag("provider", this.provider)
            .register(registry);
  }

  void call(Outcome outcome, Duration duration) {
    Counter.builder("healer.llm.calls")
        .description("LLM calls by how they ended")
        .tags("provider", provider, "outcome", outcome.tag)
        .register(registry)
        .increment();
    latency.record(duration);
  }

  void tokens(int in, int out) {
    tokenCounter("in").increment(in);
    tokenCounter("out").increment(out);
  }

  void fallback(FallbackReason reason) {
    Counter.builder("healer.llm.fallbacks")
        .description("Diagnoses where the rules brain answered instead of the LLM")
        .tag("reason", reason.code())
        .register(registry)
        .increment();
  }

  private Counter tokenCounter(String direction) {
    return Counter.builder("healer.llm.tokens")
        .description("Tokens sent to and received from the LLM provider")
        .tag("direction", direction)
        .register(registry);
  }
}
