package ai.rodytech.healer.cli;

import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.alert.AlertDispatchers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** The operator's services as configured by the environment (brain, alerts, redaction). */
final class OperatorServices {
  private OperatorServices() {}

  static HealerOperator.Services fromEnvironment(KubernetesClient client, MeterRegistry registry) {
    return new HealerOperator.Services(
        policy -> ai.rodytech.healer.operator.MinimalBrain.INSTANCE,
        AlertDispatchers.standard(registry, new ai.rodytech.healer.core.redact.SecretRedactor()),
        new ai.rodytech.healer.core.redact.SecretRedactor(),
        registry,
        Clock.systemUTC());
  }
}
