package ai.rodytech.healer.cli;

import ai.rodytech.healer.alert.AlertDispatchers;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.llm.Brains;
import ai.rodytech.healer.llm.LlmSettings;
import ai.rodytech.healer.operator.decide.BrainSelector;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The operator's services as configured at start-up: brain, alert channels, redaction. */
final class OperatorServices {
  private OperatorServices() {}

  /**
   * Reads the LLM settings (HEALER_LLM_*, see docs/llm.md) once; a bad value throws IllegalArgumentException
   * naming the variable.
   *
   * @param signatureFiles extra signature files or directories (e.g. a mounted ConfigMap), loaded after the
   *     built-in ones; a bad pattern fails start-up with the signature's name
   */
  static HealerOperator.Services fromEnvironment(MeterRegistry registry, List<Path> signatureFiles) {
    Redactor redactor = new SecretRedactor();
    RulesBrain rules = new RulesBrain(SignatureCatalog.load(signatureFiles), redactor);
    Optional<LlmSettings> llm = LlmSettings.fromEnvironment(System.getenv());
    Brains brains = Brains.create(llm, rules, redactor, registry);
    System.err.println("healer: " + llm.map(s -> "LLM brain " + s.provider().wireName() + " model " + s.model() + " at "
            + s.displayBaseUrl() + "; policies without spec.brain use " + brains.defaultChoice().name().toLowerCase(Locale.ROOT))
        .orElse("no LLM provider configured (HEALER_LLM_PROVIDER): the rules brain diagnoses every failure"));
    return new HealerOperator.Services(
        BrainSelector.of(policy -> brains.forChoice(policy.getSpec() == null ? null : policy.getSpec().getBrain()),
            rules),
        AlertDispatchers.standard(registry, redactor),
        redactor,
        registry,
        Clock.systemUTC());
  }
}
