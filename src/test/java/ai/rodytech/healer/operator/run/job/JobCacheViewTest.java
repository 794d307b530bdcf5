package ai.rodytech.healer.operator.run.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.run.RunState;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

/**
 * The informer keeps of a finished Job what decides whether it concerns the healer and what it used; a failed Job
 * whole, since the healer re-creates it (and a short TTL may delete it before it could be read again).
 */
class JobCacheViewTest {

  @Test
  void aSucceededJobIsKeptSlim() {
    Job view = JobCacheView.of(job("Complete"));

    assertThat(view.getMetadata().getName()).isEqualTo("nightly-28391");
    assertThat(view.getMetadata().getGenerateName()).isEqualTo("nightly-");
    assertThat(view.getMetadata().getUid()).isEqualTo("u-1");
    assertThat(view.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(view.getMetadata().getLabels()).containsEntry(Labels.PIPELINE, "nightly");
    assertThat(view.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("nightly"));
    assertThat(JobConditions.state(view)).isInstanceOf(RunState.Succeeded.class);
    assertThat(view.getMetadata().getAnnotations()).as("only the healer's own annotations")
        .containsOnlyKeys(Labels.ATTEMPT);
    assertThat(view.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(view.getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> {
      assertThat(c.getImage()).isEqualTo("maven:3.9");
      assertThat(c.getEnv()).extracting(e -> e.getName()).containsExactly("MAVEN_VERSION");
      assertThat(c.getCommand()).isNullOrEmpty();
    });
  }

  @Test
  void aFailedJobIsKeptWholeButForManagedFields() {
    Job job = job("Failed");
    Job view = JobCacheView.of(job);

    assertThat(JobConditions.state(view)).isInstanceOf(RunState.Failed.class);
    assertThat(view.getSpec()).isEqualTo(job.getSpec());
    assertThat(view.getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/last-applied-configuration");
    assertThat(view.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(job.getMetadata().getManagedFields()).as("the Job itself is left alone").isNotEmpty();
  }

  @Test
  void failureTargetCountsAsFailedBeforeTheFailedCondition() {
    Job job = new JobBuilder(job("Complete")).editStatus().withConditions().addNewCondition()
        .withType("FailureTarget").withStatus("True").withReason("DeadlineExceeded")
        .withLastTransitionTime("2025-06-02T03:05:00Z").endCondition().endStatus().build();
    assertThat(JobConditions.state(job)).isInstanceOfSatisfying(RunState.Failed.class,
        f -> assertThat(f.reason()).isEqualTo("DeadlineExceeded"));
  }

  @Test
  void aJobWithoutStatusIsRunning() {
    Job view = JobCacheView.of(new JobBuilder().withNewMetadata().withName("x").endMetadata().build());
    assertThat(JobConditions.state(view)).isInstanceOf(RunState.Running.class);
  }

  private static Job job(String condition) {
    return new JobBuilder()
        .withNewMetadata().withName("nightly-28391").withGenerateName("nightly-").withNamespace("ci").withUid("u-1")
        .withResourceVersion("42").withCreationTimestamp("2025-06-02T03:00:00Z")
        .addToLabels(Labels.PIPELINE, "nightly")
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"big\":\"json\"}")
        .addToAnnotations(Labels.ATTEMPT, "1")
        .withOwnerReferences(new OwnerReferenceBuilder().withKind("CronJob").withName("nightly").build())
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kube-controller-manager").build())
        .endMetadata()
        .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().addNewContainer().withName("build")
        .withImage("maven:3.9").withCommand("mvn", "verify")
        .withEnv(new EnvVarBuilder().withName("MAVEN_VERSION").withValue("3.9").build(),
            new EnvVarBuilder().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef("k", "s", false)
                .endValueFrom().build())
        .endContainer().endSpec().endTemplate().endSpec()
        .withNewStatus().withFailed(1).withStartTime("2025-06-02T03:00:01Z")
        .addNewCondition().withType(condition).withStatus("True").withLastTransitionTime("2025-06-02T03:05:00Z")
        .endCondition().endStatus()
        .build();
  }
}
