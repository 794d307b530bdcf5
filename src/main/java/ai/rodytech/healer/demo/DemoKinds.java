package ai.rodytech.healer.demo;

import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.operator.observe.LogLimits;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.run.RunKind;
import ai.rodytech.healer.operator.run.RunKinds;
import ai.rodytech.healer.operator.run.RunState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * The operator's own run kinds, for the demo to read runs of any kind as the healer does (their state, where their
 * workloads sit) while it only ever holds them as generic resources.
 */
final class DemoKinds {
  private final KubernetesClient client;
  private final RunKinds kinds;

  DemoKinds(KubernetesClient client) {
    this.client = client;
    this.kinds = RunKinds.standard(client, new PodReader(client, Redactor.none(), LogLimits.DEFAULT), Redactor.none(),
        Clock.systemUTC());
  }

  RunState state(String kind, GenericKubernetesResource run) {
    return state(kind(kind), run);
  }

  RunLayout layout(String kind) {
    return kind(kind).layout();
  }

  private RunKind<?> kind(String kind) {
    return kinds.named(kind).orElseThrow(() -> new IllegalArgumentException("no run kind " + kind));
  }

  private <R extends HasMetadata> RunState state(RunKind<R> kind, GenericKubernetesResource run) {
    return kind.state(client.getKubernetesSerialization().convertValue(run, kind.type()));
  }
}
