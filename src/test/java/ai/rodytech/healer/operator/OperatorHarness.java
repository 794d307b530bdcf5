package ai.rodytech.healer.operator;

import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.alert.AlertDispatcher;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts the real operator against the in-process API server, and gives tests short ways to apply policies,
 * fail or finish Jobs, and read what the operator did.
 */
final class OperatorHarness implements AutoCloseable {
  static final String NS = "ci";
  final InProcessCluster cluster;
  final KubernetesClient client;
  private final Brain brain;
  private final AlertDispatcher alerts;
  private final Redactor redactor;
  private HealerOperator operator;

  /** An operator that redacts what it reads and writes with redactor, as `healer run` does. */
  OperatorHarness(Brain brain, AlertDispatcher alerts, Redactor redactor) {
    this.cluster = InProcessCluster.start();
    this.client = cluster.newClient();
    this.brain = brain;
    this.alerts = alerts;
    this.redactor = redactor;
    start();
  }

  OperatorHarness(Brain brain, AlertDispatcher alerts) {
    this(brain, alerts, Redactor.none());
  }

  OperatorHarness(Brain brain) {
    this(brain, null);
  }

  void start() {
    OperatorSettings settings = OperatorSettings.defaults().forMockServer();
    operator = HealerOperator.start(OperatorClient.build(cluster.config()), settings,
        new HealerOperator.Services(p -> brain, alerts, redactor, new SimpleMeterRegistry(),
            Clock.systemUTC()));
  }

  void restart() {
    stopOperator();
    start();
  }

  void stopOperator() {
    operator.close();
    operator = null;
  }

  PipelineRecoveryPolicy applyPolicy(String resource, Consumer<PipelineRecoveryPolicy> change) {
    try (InputStream in = OperatorHarness.class.getResourceAsStream(resource)) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      policy.getMetadata().setNamespace(NS);
      change.accept(policy);
      return client.resource(policy).inNamespace(NS).create();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  PipelineRecoveryPolicy applySeedPolicy() {
    return applyPolicy("/policies/seed.yaml", p -> {});
  }

  /** Creates a Job that has already failed, the way the job controller leaves it. */
  Job failedJob(String name, Map<String, String> labels) {
    Job job = client.batch().v1().jobs().inNamespace(NS).resource(template(name, labels)).create();
    return finish(job, false);
  }

  Job finish(Job job, boolean succeeded) {
    String now = Instant.now().toString();
    Job fresh = client.batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get();
    fresh.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
        .withStartTime(now)
        .withFailed(succeeded ? 0 : 1)
        .withSucceeded(succeeded ? 1 : 0)
        .withConditions(new JobConditionBuilder()
            .withType(succeeded ? "Complete" : "Failed")
            .withStatus("True")
            .withReason(succeeded ? null : "BackoffLimitExceeded")
            .withMessage(succeeded ? null : "Job has reached the specified backoff limit")
            .withLastTransitionTime(now)
            .build())
        .build());
    return client.batch().v1().jobs().inNamespace(NS).resource(fresh).updateStatus();
  }

  static Job template(String name, Map<String, String> labels) {
    return new JobBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
        .withNewSpec().withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17")
        .withCommand("mvn", "-B", "verify")
        .withNewResources().addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi"))
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi")).endResources()
        .endContainer().endSpec().endTemplate().endSpec()
        .build();
  }

  List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace(NS).list().getItems();
  }

  List<Job> retriesOf(String root) {
    return jobs().stream()
        .filter(j -> j.getMetadata().getAnnotations() != null
            && root.equals(j.getMetadata().getAnnotations().get(Labels.RETRY_OF)))
        .toList();
  }

  List<Event> events(String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  PipelineRecoveryPolicy policy(String name) {
    return client.resources(PipelineRecoveryPolicy.class).inNamespace(NS).withName(name).get();
  }

  /** The incident of that name, or the newest one whose lineage starts at the run of that name. */
  PipelineIncident incident(String nameOrRootRun) {
    PipelineIncident named = client.resources(PipelineIncident.class).inNamespace(NS).withName(nameOrRootRun).get();
    if (named != null) {
      return named;
    }
    return client.resources(PipelineIncident.class).inNamespace(NS).list().getItems().stream()
        .filter(i -> i.getSpec() != null && nameOrRootRun.equals(i.getSpec().getRootRun()))
        .max(java.util.Comparator.comparing(i -> i.getMetadata().getCreationTimestamp()))
        .orElse(null);
  }

  /** Waits until the operator has nothing left to do with what the test created (a quiet period). */
  void settle() {
    await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> true);
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    client.close();
    cluster.close();
  }
}
