package ai.rodytech.healer.bench;

import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The operator's memory with a big CI history in the cluster: its heap (after full collections, in a JVM of its
 * own with the Deployment's heap limit) with no Jobs and with {@code jobs} finished Jobs, and how long it takes
 * from process start to caches in sync.
 */
public final class CacheBenchmark {
  private static final int NAMESPACES = 10;

  /** The figures of one measurement. */
  public record Figures(
      int jobs, int failed, long averageJobJsonBytes, long emptyHeapBytes, long loadedHeapBytes,
      long emptyReadyMillis, long loadedReadyMillis, long loadedOperatorStartMillis, double populateSeconds) {

    public long cacheBytes() {
      return loadedHeapBytes - emptyHeapBytes;
    }
  }

  private CacheBenchmark() {}

  public static Figures measure(int jobs, int failed, int reconcileThreads) throws IOException, InterruptedException {
    try (InProcessCluster cluster = InProcessCluster.start(); KubernetesClient client = cluster.newClient()) {
      long emptyHeap;
      long emptyReady;
      try (OperatorProcess empty = new OperatorProcess(cluster.url(), reconcileThreads)) {
        emptyReady = empty.readyMillis();
        emptyHeap = empty.heapAfterGc();
      }
      long start = System.nanoTime();
      populate(client, jobs, failed);
      double populateSeconds = (System.nanoTime() - start) / 1e9;
      // Policies that came after the runs: the history is cached and looked at, never acted on, as when the
      // healer is installed into a busy cluster.
      Thread.sleep(1100);
      for (int ns = 0; ns < NAMESPACES; ns++) {
        client.resource(LoopBenchmark.policy(client, "team-" + ns, "backend-ci-build")).create();
      }
      Job sample = client.batch().v1().jobs().inNamespace("team-0").withName("backend-ci-build-0").get();
      long jobBytes = Serialization.asJson(sample).length();
      try (OperatorProcess loaded = new OperatorProcess(cluster.url(), reconcileThreads)) {
        loaded.awaitIdle(Duration.ofSeconds(1), Duration.ofMinutes(2)); // it has reconciled what it found
        return new Figures(jobs, failed, jobBytes, emptyHeap, loaded.heapAfterGc(), emptyReady, loaded.readyMillis(),
            loaded.operatorStartMillis(), populateSeconds);
      }
    }
  }

  /** Finished Jobs of the article's pipeline, spread over the namespaces, every tenth one failed by default. */
  private static void populate(KubernetesClient client, int jobs, int failed) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      int failEvery = failed == 0 ? Integer.MAX_VALUE : Math.max(1, jobs / failed);
      for (int i = 0; i < jobs; i++) {
        int number = i;
        boolean fails = failed > 0 && i % failEvery == 0 && i / failEvery < failed;
        writes.add(pool.submit(() -> finish(client, client.batch().v1().jobs().resource(ciRun(number)).create(),
            fails)));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not store a Job", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void finish(KubernetesClient client, Job job, boolean failed) {
    String at = Instant.now().toString();
    job.setStatus(new JobStatusBuilder()
        .withStartTime(at)
        .withCompletionTime(failed ? null : at)
        .withSucceeded(failed ? 0 : 1)
        .withFailed(failed ? 1 : 0)
        .withReady(0)
        .withTerminating(0)
        .withUncountedTerminatedPods(null)
        .withConditions(new JobConditionBuilder().withType(failed ? "FailureTarget" : "SuccessCriteriaMet")
                .withStatus("True").withReason(failed ? "BackoffLimitExceeded" : "CompletionsReached")
                .withLastProbeTime(at).withLastTransitionTime(at).build(),
            new JobConditionBuilder().withType(failed ? "Failed" : "Complete").withStatus("True")
                .withReason(failed ? "BackoffLimitExceeded" : null)
                .withMessage(failed ? "Job has reached the specified backoff limit" : null)
                .withLastProbeTime(at).withLastTransitionTime(at).build())
        .build());
    client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).updateStatus();
  }

  /** A CI run as CI systems create them: labels, annotations, a build container with its environment. */
  static Job ciRun(int number) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName("CI").withValue("true").build());
    env.add(new EnvVarBuilder().withName("GIT_SHA").withValue(String.format("%040x", number * 2654435761L)).build());
    env.add(new EnvVarBuilder().withName("GIT_BRANCH").withValue("feature/checkout-" + (number % 97)).build());
    env.add(new EnvVarBuilder().withName("BUILD_NUMBER").withValue(Integer.toString(number)).build());
    env.add(new EnvVarBuilder().withName("MAVEN_OPTS").withValue("-Xmx768m -XX:+UseParallelGC").build());
    env.add(new EnvVarBuilder().withName("NODE_VERSION").withValue("20.11.1").build());
    env.add(new EnvVarBuilder().withName("REGISTRY_TOKEN").withNewValueFrom()
        .withNewSecretKeyRef("token", "registry-credentials", false).endValueFrom().build());
    return new JobBuilder()
        .withNewMetadata().withName("backend-ci-build-" + number).withNamespace("team-" + (number % NAMESPACES))
        .addToLabels(Labels.PIPELINE, "backend-ci-build").addToLabels("app.kubernetes.io/part-of", "ci")
        .addToLabels("ci.example.com/trigger", number % 3 == 0 ? "push" : "pull-request")
        .addToAnnotations("ci.example.com/run-url", "https://ci.example.com/backend/runs/" + number)
        .addToAnnotations("ci.example.com/commit-title", "Make checkout retries idempotent (#" + number + ")")
        .endMetadata()
        .withNewSpec().withBackoffLimit(0).withActiveDeadlineSeconds(3600L).withTtlSecondsAfterFinished(604800)
        .withNewTemplate().withNewMetadata().addToLabels(Labels.PIPELINE, "backend-ci-build").endMetadata()
        .withNewSpec().withRestartPolicy("Never").withServiceAccountName("ci-runner")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17")
        .withCommand("sh", "-c").withArgs("mvn -B -ntp verify -Dsurefire.rerunFailingTestsCount=0")
        .withWorkingDir("/workspace").withEnv(env)
        .withNewResources().addToLimits("memory", new Quantity("1Gi")).addToRequests("memory", new Quantity("1Gi"))
        .addToRequests("cpu", new Quantity("500m")).endResources()
        .addNewVolumeMount().withName("workspace").withMountPath("/workspace").endVolumeMount()
        .addNewVolumeMount().withName("maven-cache").withMountPath("/root/.m2").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("workspace").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewVolume().withName("maven-cache").withNewPersistentVolumeClaim("maven-cache", false).endVolume()
        .endSpec().endTemplate().endSpec()
        .build();
  }
}
