package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

/** The informer's view of a Job keeps what decides whether a run concerns the healer, and nothing else. */
class JobCacheViewTest {

  @Test
  void keepsNameLabelsOwnersAndConditionsAndDropsSpecAnnotationsAndManagedFields() {
    Job job = new JobBuilder()
        .withNewMetadata().withName("nightly-28391").withGenerateName("nightly-").withNamespace("ci").withUid("u-1")
        .withResourceVersion("42").withCreationTimestamp("2025-06-02T03:00:00Z")
        .addToLabels(Labels.PIPELINE, "nightly")
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"big\":\"json\"}")
        .withOwnerReferences(new OwnerReferenceBuilder().withKind("CronJob").withName("nightly").build())
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kube-controller-manager").build())
        .endMetadata()
        .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().addNewContainer().withName("build")
        .withImage("maven:3.9").endContainer().endSpec().endTemplate().endSpec()
        .withNewStatus().withFailed(1).withStartTime("2025-06-02T03:00:01Z")
        .addNewCondition().withType("Failed").withStatus("True").withLastTransitionTime("2025-06-02T03:05:00Z")
        .endCondition().endStatus()
        .build();

    Job view = JobCacheView.of(job);

    assertThat(view.getMetadata().getName()).isEqualTo("nightly-28391");
    assertThat(view.getMetadata().getGenerateName()).isEqualTo("nightly-");
    assertThat(view.getMetadata().getUid()).isEqualTo("u-1");
    assertThat(view.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(view.getMetadata().getLabels()).containsEntry(Labels.PIPELINE, "nightly");
    assertThat(view.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("nightly"));
    assertThat(JobRuns.result(view)).isEqualTo(JobRuns.Result.FAILED);
    assertThat(JobRuns.condition(view, "Failed").orElseThrow().getLastTransitionTime())
        .isEqualTo("2025-06-02T03:05:00Z");
    assertThat(view.getSpec()).isNull();
    assertThat(view.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(view.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(view.getStatus().getStartTime()).isNull();
    assertThat(job.getSpec()).as("the Job itself is left alone").isNotNull();
  }

  @Test
  void aJobWithoutStatusStaysRunning() {
    Job view = JobCacheView.of(new JobBuilder().withNewMetadata().withName("x").endMetadata().build());
    assertThat(JobRuns.result(view)).isEqualTo(JobRuns.Result.RUNNING);
  }
}
