package ai.rodytech.healer.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The LLM meters exist at zero once a provider is configured, and the circuit gauge follows the breaker. */
class LlmMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicReference<CircuitBreaker.State> state = new AtomicReference<>(CircuitBreaker.State.CLOSED);

  @Test
  void everySeriesStartsAtZero() {
    new LlmMetrics(registry, LlmProvider.OPENAI, state::get);

    assertThat(registry.get("healer.llm.calls").tags("provider", "openai", "outcome", "failed").counter().count()).isZero();
    assertThat(registry.get("healer.llm.tokens").tags("direction", "in").counter().count()).isZero();
    assertThat(registry.get("healer.llm.fallbacks").tags("reason", "circuit_open").counter().count()).isZero();
    assertThat(registry.find("healer.llm.fallbacks").counters()).hasSize(FallbackReason.values().length);
  }

  @Test
  void theCircuitGaugeIsOneForTheCurrentState() {
    new LlmMetrics(registry, LlmProvider.OPENAI, state::get);

    assertThat(circuit("closed")).isEqualTo(1);
    assertThat(circuit("open")).isZero();
    state.set(CircuitBreaker.State.OPEN);
    assertThat(circuit("closed")).isZero();
    assertThat(circuit("open")).isEqualTo(1);
    assertThat(circuit("half_open")).isZero();
  }

  private double circuit(String value) {
    return registry.get("healer.llm.circuit.state").tags("provider", "openai", "state", value).gauge().value();
  }
}
