package ai.rodytech.healer.sim;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.OperatorClient;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A program, not a test: runs the real operator (rules brain, the article's policy with failureThreshold 1)
 * against the Job lifecycles the stricter simulation models and that issue 16 names, and prints what the
 * operator made of each (its incident's outcome, diagnosis and snapshot, the corrective runs, the policy's
 * count). For comparing the operator before and after a change; it asserts nothing.
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) ai.rodytech.healer.sim.StricterJobsProbe [name]
 * </pre>
 */
public final class StricterJobsProbe {
  private static final Duration BUILD = Duration.ofMillis(300);
  private static final RunOutcome OOM = RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), BUILD);
  private static final RunOutcome FLAKY = RunOutcome.failed(1, SampleLogs.flakyTest(), BUILD);
  private static final RunOutcome PASS = RunOutcome.succeeded(SampleLogs.mavenSuccess(), BUILD);

  /** One run of the pipeline and how the healer's attempts end. */
  private record Case(String name, String what, String restartPolicy, UnaryOperator<JobSpecBuilder> spec,
      RunScript script, String limitRangeMax) {}

  private static final List<Case> CASES = List.of(
      new Case("deadline", "runs past activeDeadlineSeconds: the pod is deleted before Failed", "Never",
          s -> s.withActiveDeadlineSeconds(20L), RunScript.byAttempt(PASS.after(Duration.ofHours(1)), PASS), null),
      new Case("oom-onfailure", "OOMKilled under OnFailure: restarts in place, the pod deleted at the limit",
          "OnFailure", s -> s.withBackoffLimit(2), RunScript.byMemoryLimit("768Mi", OOM, PASS), null),
      new Case("stuck-heal", "OOMKilled; a LimitRange (max 640Mi) refuses the corrective run's pods", "Never",
          s -> s, RunScript.byMemoryLimit("768Mi", OOM, PASS), "640Mi"),
      new Case("ttl-zero", "fails with ttlSecondsAfterFinished: 0: deleted as soon as it finished", "Never",
          s -> s.withTtlSecondsAfterFinished(0), RunScript.byAttempt(FLAKY, PASS), null),
      new Case("native-sidecar", "the build fails (exit 1); its native sidecar is killed (137)", "Never",
          s -> s.editTemplate().editSpec().addNewInitContainer().withName("proxy")
              .withImage("envoyproxy/envoy:v1.31.2").withRestartPolicy("Always").endInitContainer().endSpec()
              .endTemplate(), RunScript.byAttempt(FLAKY.withSidecarExit(137), PASS), null),
      new Case("two-pods", "backoffLimit 1: an OOMKilled pod, then a flaky one", "Never", s -> s.withBackoffLimit(1),
          RunScript.byAttempt(OOM.then(FLAKY), PASS), null));

  private StricterJobsProbe() {}

  public static void main(String[] args) throws InterruptedException {
    List<Case> cases = CASES.stream().filter(c -> args.length == 0 || c.name().equals(args[0])).toList();
    try (InProcessCluster cluster = InProcessCluster.start();
         SimulatedKubelet kubelet = SimulatedKubelet.builder(cluster).speed(10).script(job -> cases.stream()
             .filter(c -> c.name().equals(job.getMetadata().getNamespace())).findFirst()
             .map(c -> c.script().run(job)).orElse(PASS)).start()) {
      RulesBrain brain = new RulesBrain(SignatureCatalog.builtIn(), Redactor.none());
      HealerOperator operator = HealerOperator.start(OperatorClient.build(cluster.config()), OperatorSettings.defaults().forMockServer(),
          new HealerOperator.Services(p -> brain, null, Redactor.none(), new SimpleMeterRegistry(), Clock.systemUTC()));
      try {
        for (Case c : cases) {
          play(cluster.client(), c);
        }
      } finally {
        operator.close();
      }
    }
  }

  private static void play(KubernetesClient client, Case c) throws InterruptedException {
    String ns = c.name();
    System.out.printf("%n%s: %s%n", c.name(), c.what());
    if (c.limitRangeMax() != null) {
      client.resource(new LimitRangeBuilder().withNewMetadata().withName("max").withNamespace(ns).endMetadata()
          .withNewSpec().addNewLimit().withType("Container").addToMax("memory", new Quantity(c.limitRangeMax()))
          .endLimit().endSpec().build()).create();
    }
    client.resource(policy(client, ns)).create();
    Thread.sleep(1500);
    JobSpecBuilder spec = new JobSpecBuilder().withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy(c.restartPolicy())
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17")
        .withCommand("mvn", "-B", "verify").withNewResources().addToLimits("memory", new Quantity("512Mi"))
        .addToRequests("memory", new Quantity("512Mi")).endResources().endContainer().endSpec().endTemplate();
    client.resource(new JobBuilder().withNewMetadata().withName("backend-ci-build-1").withNamespace(ns)
        .addToLabels(RunScript.PIPELINE_LABEL, "backend-ci-build").endMetadata()
        .withSpec(c.spec().apply(spec).build()).build()).create();
    Thread.sleep(15_000);
    for (Job job : client.batch().v1().jobs().inNamespace(ns).list().getItems()) {
      System.out.printf("  job %-26s %s%n", job.getMetadata().getName(), job.getStatus() == null ? "-"
          : job.getStatus().getConditions().stream().map(JobCondition::getType).toList()
              + " active=" + job.getStatus().getActive() + " failed=" + job.getStatus().getFailed());
    }
    System.out.println("  pods left: " + client.pods().inNamespace(ns).list().getItems().size());
    for (GenericKubernetesResource incident : client.genericKubernetesResources("rodytech.ai/v1alpha1",
        "PipelineIncident").inNamespace(ns).list().getItems()) {
      Map<String, Object> status = map(incident.getAdditionalProperties().get("status"));
      Map<String, Object> snapshot = map(status.get("snapshot"));
      Map<String, Object> diagnosis = map(status.get("diagnosis"));
      System.out.printf("  incident %s: outcome=%s action=%s diagnosis=%s (%s)%n", incident.getMetadata().getName(),
          status.get("outcome"), status.get("action"), diagnosis.get("category"), diagnosis.get("confidence"));
      System.out.printf("    snapshot: container=%s exitCode=%s reason=%s missing=%s%n", snapshot.get("container"),
          snapshot.get("exitCode"), snapshot.get("reason"), snapshot.get("missing"));
    }
    GenericKubernetesResource policy = client.genericKubernetesResources("rodytech.ai/v1alpha1",
        "PipelineRecoveryPolicy").inNamespace(ns).list().getItems().get(0);
    System.out.println("  policy failuresSeen=" + map(policy.getAdditionalProperties().get("status"))
        .get("failuresSeen"));
    for (Event event : client.v1().events().inNamespace(ns).list().getItems()) {
      if (event.getReason().equals("FailedCreate")) {
        System.out.printf("  event %s x%d: %s%n", event.getReason(), event.getCount(), event.getMessage());
      }
    }
  }

  private static PipelineRecoveryPolicy policy(KubernetesClient client, String ns) {
    try (InputStream in = StricterJobsProbe.class.getResourceAsStream("/demo/seed-policy.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      policy.getMetadata().setNamespace(ns);
      policy.getSpec().setFailureThreshold(1);
      return policy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
