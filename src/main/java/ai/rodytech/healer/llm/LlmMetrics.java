package ai.rodytech.healer.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The LLM brain's meters. In Prometheus: healer_llm_calls_total{provider,outcome},
 * healer_llm_tokens_total{direction}, healer_llm_latency_seconds, healer_llm_fallbacks_total{reason}, and
 * healer_llm_circuit_state{provider,state}: 1 for the breaker's current state, 0 for the others. Every series
 * starts at zero when the brain is built, so that dashboards and alerts find them before the first call.
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

  LlmMetrics(MeterRegistry registry, LlmProvider provider, Supplier<CircuitBreaker.State> circuit) {
    this.registry = registry;
    this.provider = provider.wireName();
    this.latency =
        Timer.builder("healer.llm.latency")
            .description("Duration of one LLM call, retries included")
            .tag("provider", this.provider)
            .register(registry);
    for (Outcome outcome : Outcome.values()) {
      callCounter(outcome);
    }
    tokenCounter("in");
    tokenCounter("out");
    for (FallbackReason reason : FallbackReason.values()) {
      fallbackCounter(reason);
    }
    for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
      Gauge.builder("healer.llm.circuit.state", () -> circuit.get() == state ? 1 : 0)
          .description("The LLM circuit breaker's state: 1 for the current one (closed, open, half_open)")
          .tags("provider", this.provider, "state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  void call(Outcome outcome, Duration duration) {
    callCounter(outcome).increment();
    latency.record(duration);
  }

  void tokens(int in, int out) {
    tokenCounter("in").increment(in);
    tokenCounter("out").increment(out);
  }

  void fallback(FallbackReason reason) {
    fallbackCounter(reason).increment();
  }

  private Counter callCounter(Outcome outcome) {
    return Counter.builder("healer.llm.calls")
        .description("LLM calls by how they ended")
        .tags("provider", provider, "outcome", outcome.tag)
        .register(registry);
  }

  private Counter fallbackCounter(FallbackReason reason) {
    return Counter.builder("healer.llm.fallbacks")
        .description("Diagnoses where the rules brain answered instead of the LLM")
        .tag("reason", reason.code())
        .register(registry);
  }

  private Counter tokenCounter(String direction) {
    return Counter.builder("healer.llm.tokens")
        .description("Tokens sent to and received from the LLM provider")
        .tag("direction", direction)
        .register(registry);
  }
}
