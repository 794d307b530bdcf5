package ai.rodytech.healer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.job.JobConditions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Jobs healed on a real cluster (kind or k3d, Kubernetes 1.31): runs only with KUBECONFIG set and
 * {@code -Dhealer.e2e=true}. Each test has a namespace of its own and the article's policy (threshold 2, three
 * retries, 10 s cooldown). The cluster must be able to pull busybox:1.36. See docs/real-cluster-testing.md.
 */
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".+")
@EnabledIfSystemProperty(named = EngineCluster.OPT_IN, matches = "true")
class RealClusterE2E {
  /**
   * Fails with an npm registry timeout (transient: retry_stage) unless it runs in a corrective Job: the job
   * controller labels every pod with its Job's name, and the healer names its runs {@code <root>-<hash>-heal-<n>}.
   * The healer's own annotations are on the Job, not on its pods, so the Downward API reads the job-name label.
   */
  private static final String NPM_BUILD = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        labels:
          rodytech.ai/pipeline: backend-ci-build
      spec:
        backoffLimit: 0
        ttlSecondsAfterFinished: 900
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: build
                image: busybox:1.36
                env:
                  - name: JOB_NAME
                    valueFrom:
                      fieldRef:
                        fieldPath: metadata.labels['batch.kubernetes.io/job-name']
                command:
                  - sh
                  - -c
                  - |
                    case "$JOB_NAME" in
                      *-heal-*) echo "added 812 packages in 21s"; exit 0 ;;
                    esac
                    echo "npm error code ETIMEDOUT"
                    echo "npm error network request to https://registry.npmjs.org/jest failed, reason: connect ETIMEDOUT 104.16.27.34:443"
                    exit 1
      """;
  /**
   * Reads 64 MiB into one buffer: OOM-killed under its 32Mi limit every time, and passes under the 288Mi the heal
   * gives it (32Mi × 1.5 or + 256Mi, whichever is more). Nothing depends on being a heal: the memory alone decides.
   * Under restartPolicy OnFailure the kubelet restarts the container in place; at the first restart the job
   * controller (backoffLimit 1) deletes the pod and fails the Job, so the kill is only in the pod while it exists.
   */
  private static final String MEMORY_HOG = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        labels:
          rodytech.ai/pipeline: backend-ci-build
      spec:
        backoffLimit: 1
        ttlSecondsAfterFinished: 900
        template:
          spec:
            restartPolicy: OnFailure
            containers:
              - name: build
                image: busybox:1.36
                command: ["sh", "-c", "echo 'loading 64 MiB of fixtures'; exec dd if=/dev/zero of=/dev/null bs=64M count=1"]
                resources:
                  limits:
                    memory: 32Mi
      """;
  private EngineCluster cluster;

  @BeforeEach
  void install() {
    cluster = new EngineCluster("healer-jobs-e2e");
    cluster.applySeedPolicy();
  }

  @AfterEach
  void cleanUp() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theArticlesPolicyHealsTheSecondFailedJobOnceEvenAcrossARestart() throws Exception {
    run(NPM_BUILD, "backend-ci-build-1");
    await().atMost(Duration.ofMinutes(1))
        .until(() -> !cluster.events("BelowThreshold", "backend-ci-build-1").isEmpty());
    run(NPM_BUILD, "backend-ci-build-2");
    await().atMost(Duration.ofMinutes(4)).until(() -> "Healed".equals(cluster.outcome("backend-ci-build-2")));

    assertThat(heals("backend-ci-build-1")).isEmpty();
    assertThat(cluster.incidentsOf("backend-ci-build-1")).isEmpty();
    assertThat(heals("backend-ci-build-2")).singleElement().satisfies(heal -> {
      assertThat(heal.getMetadata().getName()).startsWith("backend-ci-build-2-").endsWith("-heal-1");
      assertThat(JobConditions.state(job(heal.getMetadata().getName()))).isInstanceOf(RunState.Succeeded.class);
    });
    assertThat(cluster.incidentsOf("backend-ci-build-2")).singleElement().satisfies(incident -> {
      assertThat(incident.getStatus().action).isEqualTo("retry_stage");
      assertThat(incident.getStatus().decisions).hasSize(1);
    });

    cluster.restartAndSettle();
    assertNothingCreatedTwice("backend-ci-build-2");
    assertThat(cluster.incidentsOf("backend-ci-build-1")).isEmpty();
  }

  @Test
  void anOomUnderRestartPolicyOnFailureIsHealedWithMoreMemory() throws Exception {
    run(MEMORY_HOG, "backend-ci-build-1");
    await().atMost(Duration.ofMinutes(1))
        .until(() -> !cluster.events("BelowThreshold", "backend-ci-build-1").isEmpty());
    run(MEMORY_HOG, "backend-ci-build-2");
    await().atMost(Duration.ofMinutes(4)).until(() -> "Healed".equals(cluster.outcome("backend-ci-build-2")));

    assertThat(cluster.incidentsOf("backend-ci-build-2")).singleElement().satisfies(incident -> {
      assertThat(incident.getStatus().action).isEqualTo("increase_memory");
      assertThat(incident.getStatus().snapshot.exitCode).isEqualTo(137);
      assertThat(incident.getStatus().snapshot.reason).isEqualTo("OOMKilled");
    });
    assertThat(heals("backend-ci-build-2")).singleElement().satisfies(heal -> {
      Job healed = job(heal.getMetadata().getName());
      assertThat(JobConditions.state(healed)).isInstanceOf(RunState.Succeeded.class);
      assertThat(healed.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
          .get("memory")).hasToString("288Mi");
    });

    cluster.restartAndSettle();
    assertNothingCreatedTwice("backend-ci-build-2");
  }

  /** Creates the Job under this name and waits until the job controller reports it finished. */
  private void run(String manifest, String name) {
    Job job = cluster.client.getKubernetesSerialization().unmarshal(manifest, Job.class);
    job.getMetadata().setName(name);
    cluster.client.resource(job).inNamespace(cluster.namespace).create();
    await().atMost(Duration.ofMinutes(3)).until(() -> {
      Job now = job(name);
      return now != null && JobConditions.state(now).finished();
    });
  }

  /** One heal and one incident for the lineage, one decision in it, and no other Job in the namespace. */
  private void assertNothingCreatedTwice(String root) {
    assertThat(heals(root)).hasSize(1);
    assertThat(cluster.incidentsOf(root)).singleElement()
        .satisfies(incident -> assertThat(incident.getStatus().decisions).hasSize(1));
    assertThat(cluster.client.batch().v1().jobs().inNamespace(cluster.namespace).list().getItems()).hasSize(3);
  }

  private List<GenericKubernetesResource> heals(String root) {
    return cluster.healsOf("batch/v1", "Job", root);
  }

  private Job job(String name) {
    return cluster.client.batch().v1().jobs().inNamespace(cluster.namespace).withName(name).get();
  }
}
