package ai.rodytech.healer.llm;

import ai.rodytech.healer.api.BrainChoice;
import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.redact.Redactor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The brains the operator and the CLI choose from per policy. One LLM brain is shared by all of them, so the
 * circuit breaker and the hourly caps see every call to the provider.
 */
public final class Brains {
  private final Map<BrainChoice, Brain> byChoice = new EnumMap<>(BrainChoice.class);
  private final BrainChoice defaultChoice;

  private Brains(Brain rules, Optional<LlmBrain> llm, double confidenceThreshold) {
    for (BrainChoice choice : BrainChoice.values()) {
      byChoice.put(choice, new RoutingBrain(choice, rules, llm, confidenceThreshold));
    }
    this.defaultChoice = llm.isPresent() ? BrainChoice.HYBRID : BrainChoice.RULES;
  }

  /** Brains for the operator: the rules brain alone when no provider is configured. */
  public static Brains create(
      Optional<LlmSettings> settings, Brain rules, Redactor redactor, MeterRegistry registry) {
    return create(settings, rules, redactor, registry, Clock.systemUTC());
  }

  public static Brains create(
      Optional<LlmSettings> settings, Brain rules, Redactor redactor, MeterRegistry registry, Clock clock) {
    Optional<LlmBrain> llm =
        settings.map(s -> new LlmBrain(s, ChatModels.create(s), rules, redactor, registry, clock, Sleeper.real()));
    return new Brains(rules, llm, settings.map(LlmSettings::confidenceThreshold).orElse(1.0));
  }

  /** The brain for a policy's choice; null (unset) means hybrid when a provider is configured, else rules. */
  public Brain forChoice(BrainChoice choiceOrNull) {
    return byChoice.get(choiceOrNull == null ? defaultChoice : choiceOrNull);
  }

  public BrainChoice defaultChoice() {
    return defaultChoice;
  }
}
