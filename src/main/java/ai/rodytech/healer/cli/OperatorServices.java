package ai.rodytech.healer.cli;

import ai.rodytech.healer.alert.AlertDispatchers;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The operator's services as configured at start-up: brain, alert channels, redaction. */
final class OperatorServices {
  private OperatorServices() {}

  /**
   * @param signatureFiles extra signature files or directories (e.g. a mounted ConfigMap), loaded after the
   *     built-in ones; a bad pattern fails start-up with the signature's name
   */
  static HealerOperator.Services fromEnvironment(MeterRegistry registry, List<Path> signatureFiles) {
    Redactor redactor = new SecretRedactor();
    RulesBrain rules = new RulesBrain(SignatureCatalog.load(signatureFiles), redactor);
    return new HealerOperator.Services(
        policy -> rules,
        AlertDispatchers.standard(registry, redactor),
        redactor,
        registry,
        Clock.systemUTC());
  }
}
