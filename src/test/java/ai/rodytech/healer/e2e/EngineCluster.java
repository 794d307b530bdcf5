package ai.rodytech.healer.e2e;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * A real cluster (the one of KUBECONFIG) for the Tekton and Argo end-to-end tests: the healer's CRDs installed, a
 * namespace of the test's own (deleted after), the operator watching it. A test of an engine whose CRD the cluster
 * does not serve is skipped, saying so.
 */
final class EngineCluster implements AutoCloseable {
  /** The opt-in, besides KUBECONFIG: {@code mvn test -Dhealer.e2e=true -Dtest='*E2E'}. */
  static final String OPT_IN = "healer.e2e";

  final KubernetesClient client = new KubernetesClientBuilder().build();
  final String namespace;
  private HealerOperator operator;

  EngineCluster(String prefix, String apiVersion, String kind, String engine) {
    this.namespace = prefix + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    Assumptions.assumeTrue(serves(apiVersion, kind), engine + " is not installed in the cluster of KUBECONFIG ("
        + apiVersion + " " + kind + " is not served): the " + engine + " end-to-end test is skipped");
    for (String crd : List.of("pipelinerecoverypolicies.rodytech.ai-v1.yml", "pipelineincidents.rodytech.ai-v1.yml",
        "pipelinehistories.rodytech.ai-v1.yml")) {
      try (InputStream in = EngineCluster.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
        if (in != null) {
          client.resource((HasMetadata) client.getKubernetesSerialization().unmarshal(in)).serverSideApply();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    start();
  }

  private boolean serves(String apiVersion, String kind) {
    try {
      APIResourceList list = client.getApiResources(apiVersion);
      return list != null && list.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  void start() {
    SecretRedactor redactor = new SecretRedactor();
    RulesBrain rules = new RulesBrain(SignatureCatalog.builtIn(), redactor);
    operator = HealerOperator.start(client, OperatorSettings.defaults().withNamespaces(Set.of(namespace))
        .withReconcileThreads(4), new HealerOperator.Services(p -> rules, null, redactor, new SimpleMeterRegistry(),
        Clock.systemUTC()));
  }

  void restart() {
    operator.close();
    start();
  }

  void applySeedPolicy() {
    try (InputStream in = EngineCluster.class.getResourceAsStream("/policies/seed.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      client.resource(policy).inNamespace(namespace).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GenericKubernetesResource create(JsonNode object) {
    GenericKubernetesResource resource =
        client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    return client.genericKubernetesResources(resource.getApiVersion(), resource.getKind()).inNamespace(namespace)
        .resource(resource).create();
  }

  List<GenericKubernetesResource> healsOf(String apiVersion, String kind, String root) {
    return client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).list().getItems().stream()
        .filter(r -> r.getMetadata().getAnnotations() != null
            && root.equals(r.getMetadata().getAnnotations().get(Labels.RETRY_OF)))
        .toList();
  }

  String outcome(String root) {
    return client.resources(PipelineIncident.class).inNamespace(namespace).list().getItems().stream()
        .filter(i -> i.getSpec() != null && root.equals(i.getSpec().getRootRun()) && i.getStatus() != null)
        .map(i -> i.getStatus().outcome)
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    client.namespaces().withName(namespace).delete();
    client.close();
  }
}
