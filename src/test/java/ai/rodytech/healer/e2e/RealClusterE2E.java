package ai.rodytech.healer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Issue 2's core scenario against a real cluster (kind, minikube, a dev cluster): runs only when KUBECONFIG is
 * set, and is skipped otherwise. It installs the CRDs, works in a namespace of its own, and deletes it after.
 * The failing Jobs run busybox with `exit 1`, so the cluster must be able to pull busybox.
 */
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".+")
class RealClusterE2E {
  private static final String NS = "healer-e2e-" + Long.toHexString(System.nanoTime() & 0xffffff);
  private static KubernetesClient client;
  private static HealerOperator operator;

  @BeforeAll
  static void install() throws Exception {
    client = new KubernetesClientBuilder().build();
    for (String crd : List.of("pipelinerecoverypolicies.rodytech.ai-v1.yml", "pipelineincidents.rodytech.ai-v1.yml")) {
      try (InputStream in = RealClusterE2E.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
        HasMetadata resource = client.getKubernetesSerialization().unmarshal(in);
        client.resource(resource).serverSideApply();
      }
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    startOperator();
  }

  private static void startOperator() {
    OperatorSettings settings = OperatorSettings.defaults().withNamespaces(Set.of(NS)).withReconcileThreads(4);
    RulesBrain rules = new RulesBrain(SignatureCatalog.builtIn(), new SecretRedactor());
    operator = HealerOperator.start(client, settings, new HealerOperator.Services(p -> rules, null,
        new SecretRedactor(), new SimpleMeterRegistry(), Clock.systemUTC()));
  }

  @AfterAll
  static void cleanUp() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.namespaces().withName(NS).delete();
      client.close();
    }
  }

  @Test
  void seedPolicyRetriesTheSecondFailureOnceEvenAcrossARestart() throws Exception {
    try (InputStream in = RealClusterE2E.class.getResourceAsStream("/policies/seed.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      client.resource(policy).inNamespace(NS).create();
    }
    client.resource(failingJob("backend-ci-build-1")).inNamespace(NS).create();
    await().atMost(Duration.ofMinutes(3)).until(() -> failed("backend-ci-build-1"));
    client.resource(failingJob("backend-ci-build-2")).inNamespace(NS).create();
    await().atMost(Duration.ofMinutes(3)).until(() -> retries("backend-ci-build-2").size() == 1);

    operator.close();
    startOperator();
    Thread.sleep(10_000);
    assertThat(retries("backend-ci-build-2")).hasSize(1);
    assertThat(retries("backend-ci-build-1")).isEmpty();
  }

  private static boolean failed(String name) {
    Job job = client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    return job != null && job.getStatus() != null && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream().anyMatch(c -> "Failed".equals(c.getType()));
  }

  private static List<Job> retries(String root) {
    return client.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
        .filter(j -> root.equals(j.getMetadata().getAnnotations().get(Labels.RETRY_OF)))
        .toList();
  }

  private static Job failingJob(String name) {
    return new JobBuilder()
        .withNewMetadata().withName(name).addToLabels(Labels.PIPELINE, "backend-ci-build").endMetadata()
        .withNewSpec().withBackoffLimit(0).withTtlSecondsAfterFinished(600)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("busybox:1.36")
        .withCommand("sh", "-c", "echo 'Connection reset by peer while downloading artifacts'; exit 1")
        .endContainer().endSpec().endTemplate().endSpec().build();
  }
}
