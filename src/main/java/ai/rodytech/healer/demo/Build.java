package ai.rodytech.healer.demo;

import ai.rodytech.healer.operator.Labels;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * What one run of the demo's pipeline is: a batch/v1 Job with one build container, labelled with its pipeline,
 * as a CI system would create it.
 *
 * @param image the build image, often a floating tag
 * @param command what the container runs
 * @param memory its memory limit and request
 * @param secretEnv an environment variable read from the Secret {@link #SECRET}, or null
 * @param shape what the scenario changes in the Job as it would be written (restart policy, deadline, environment)
 * @param commits the commit the n-th run builds, handed to it as {@value #COMMIT_ENV} as CI systems do; null when
 *     the runs name none
 */
public record Build(String image, List<String> command, String memory, String secretEnv, UnaryOperator<Job> shape,
    IntFunction<String> commits) {

  public Build(String image, List<String> command, String memory, String secretEnv) {
    this(image, command, memory, secretEnv, UnaryOperator.identity(), null);
  }
  public static final String PIPELINE = "backend-ci-build";
  public static final String CONTAINER = "build";
  /** The Secret a build's {@code secretEnv} comes from. */
  public static final String SECRET = "build-secrets";
  /** The variable a run reads its commit from (Jenkins' name; the healer's ledger reads it, docs/history.md). */
  public static final String COMMIT_ENV = "GIT_COMMIT";

  static final Build MAVEN = new Build("maven:3.9-eclipse-temurin-17", List.of("mvn", "-B", "verify"), "512Mi", null);
  static final Build NODE = new Build("node:lts", List.of("sh", "-c", "npm ci && npm test"), "512Mi", null);

  /** The same build, with {@code name} read from {@link #SECRET}. */
  Build withSecretEnv(String name) {
    return new Build(image, command, memory, name, shape, commits);
  }

  /** The same build with another memory limit and request. */
  Build withMemory(String newMemory) {
    return new Build(image, command, newMemory, secretEnv, shape, commits);
  }

  /** The same build, its Job changed as well by {@code change}. */
  Build with(UnaryOperator<Job> change) {
    return new Build(image, command, memory, secretEnv, job -> change.apply(shape.apply(job)), commits);
  }

  /** The same build, its n-th run building commit {@code commitOfRun.apply(n)}. */
  Build onCommits(IntFunction<String> commitOfRun) {
    return new Build(image, command, memory, secretEnv, shape, commitOfRun);
  }

  /** A commit as people write it: its first seven characters. */
  static String shortCommit(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }

  /** The key of {@link #SECRET} that {@code secretEnv} is read from: NODE_VERSION from node-version. */
  public String secretKey() {
    return secretEnv.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The {@code number}-th run of the pipeline, not started yet. */
  public Job run(String namespace, int number) {
    List<EnvVar> env = new ArrayList<>();
    if (secretEnv != null) {
      env.add(new EnvVarBuilder().withName(secretEnv).withNewValueFrom()
          .withNewSecretKeyRef(secretKey(), SECRET, false)
          .endValueFrom().build());
    }
    if (commits != null) {
      env.add(new EnvVar(COMMIT_ENV, commits.apply(number), null));
    }
    return shape.apply(new JobBuilder()
        .withNewMetadata().withName(PIPELINE + "-" + number).withNamespace(namespace)
        .addToLabels(Labels.PIPELINE, PIPELINE).endMetadata()
        .withNewSpec().withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName(CONTAINER).withImage(image).withCommand(command).withEnv(env)
        .withNewResources().addToLimits("memory", new Quantity(memory)).addToRequests("memory", new Quantity(memory))
        .endResources()
        .endContainer().endSpec().endTemplate().endSpec()
        .build());
  }
}
