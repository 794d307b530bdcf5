package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lists in chunks ({@code limit}, {@code continue}) and what compaction does to old tokens and watches. */
class ListPagingTest {
  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private KubernetesClient client;
  private String ns;

  @BeforeEach
  void fiveJobs(TestInfo test) {
    client = CLUSTER.client();
    ns = test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 20);
    for (String name : List.of("build-3", "build-1", "build-5", "build-2", "build-4")) {
      client.resource(new JobBuilder().withNewMetadata().withName(name).withNamespace(ns)
          .addToLabels("rodytech.ai/pipeline", "backend").endMetadata()
          .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
          .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17").endContainer()
          .endSpec().endTemplate().endSpec().build()).create();
    }
  }

  @Test
  void aLimitedListAnswersInNameOrderWithAContinueTokenUntilTheLastChunk() {
    var jobs = client.batch().v1().jobs().inNamespace(ns);

    JobList first = jobs.list(new ListOptionsBuilder().withLimit(2L).build());
    JobList second = jobs.list(new ListOptionsBuilder().withLimit(2L).withContinue(first.getMetadata().getContinue())
        .build());
    JobList last = jobs.list(new ListOptionsBuilder().withLimit(2L).withContinue(second.getMetadata().getContinue())
        .build());

    assertThat(names(first)).containsExactly("build-1", "build-2");
    assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(3);
    assertThat(names(second)).containsExactly("build-3", "build-4");
    assertThat(second.getMetadata().getRemainingItemCount()).isEqualTo(1);
    assertThat(names(last)).containsExactly("build-5");
    assertThat(last.getMetadata().getContinue()).isNull();
    assertThat(last.getMetadata().getResourceVersion()).as("the first chunk's version")
        .isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(jobs.withLabel("rodytech.ai/pipeline", "backend").list(new ListOptionsBuilder().withLimit(4L).build())
        .getMetadata().getRemainingItemCount()).as("not counted under a selector").isNull();
  }

  @Test
  void anInformerWithAListLimitReadsEveryChunk() {
    SharedIndexInformer<Job> informer = client.batch().v1().jobs().inNamespace(ns).withLimit(2L).inform();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> informer.getStore().list().size() == 5);
      assertThat(CLUSTER.cluster().requests().count("GET", "/apis/batch/v1/namespaces/" + ns + "/jobs"))
          .as("three chunks of two").isGreaterThanOrEqualTo(3);
    } finally {
      informer.close();
    }
  }

  @Test
  void afterACompactionAnOldContinueTokenAndAWatchFromAnOldVersionAreGone() {
    var jobs = client.batch().v1().jobs().inNamespace(ns);
    JobList first = jobs.list(new ListOptionsBuilder().withLimit(2L).build());
    jobs.withName("build-1").edit(j -> new JobBuilder(j).editMetadata().addToLabels("edited", "yes").endMetadata()
        .build());

    CLUSTER.cluster().compact();

    assertThatThrownBy(() -> jobs.list(new ListOptionsBuilder().withLimit(2L)
        .withContinue(first.getMetadata().getContinue()).build()))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(410))
        .hasMessageContaining("The provided continue parameter is too old");
    AtomicReference<Throwable> closed = new AtomicReference<>();
    try {
      jobs.withResourceVersion(first.getMetadata().getResourceVersion()).watch(new Watcher<Job>() {
        @Override
        public void eventReceived(Action action, Job resource) {}

        @Override
        public void onClose(WatcherException cause) {
          closed.set(cause);
        }
      }).close();
    } catch (KubernetesClientException e) {
      closed.set(e);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
    Throwable gone = closed.get() instanceof WatcherException w && w.getCause() != null ? w.getCause() : closed.get();
    assertThat(gone).isInstanceOf(KubernetesClientException.class);
    assertThat(((KubernetesClientException) gone).getCode()).as("the watch is Gone").isEqualTo(410);
    assertThatThrownBy(() -> jobs.list(new ListOptionsBuilder().withLimit(2L).withContinue("not-a-token").build()))
        .hasMessageContaining("continue key is not valid");
  }

  @Test
  void aWatchFromAVersionReceivesWhatChangedAndWhatWasDeletedAfterItAndAWatchWithoutOneReceivesEverything() throws Exception {
    var jobs = client.batch().v1().jobs().inNamespace(ns);
    String listed = jobs.list().getMetadata().getResourceVersion();
    jobs.withName("build-4").edit(j -> new JobBuilder(j).editMetadata().addToLabels("edited", "yes").endMetadata()
        .build());

    jobs.withName("build-5").withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    List<String> fromVersion = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> fromStart = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var sinceListed = jobs.withResourceVersion(listed).watch(recorder(fromVersion));
        var whole = jobs.watch(recorder(fromStart))) {
      jobs.withName("build-2").edit(j -> new JobBuilder(j).editMetadata().addToLabels("edited", "too").endMetadata()
          .build());

      await().atMost(Duration.ofSeconds(10)).until(() -> fromVersion.size() >= 3 && fromStart.size() >= 5);
      Thread.sleep(300); // nothing else arrives
      assertThat(fromVersion).as("the edit and the deletion after the list, in order, then the edit after the watch opened")
          .containsExactly("ADDED build-4", "DELETED build-5", "MODIFIED build-2");
      assertThat(fromStart).hasSize(5).contains("ADDED build-1", "ADDED build-3", "ADDED build-4", "MODIFIED build-2");
    }
    assertThat(MockWatches.version("{\"kind\":\"Job\",\"metadata\":{\"labels\":{\"a\":\"b\"},"
        + "\"resourceVersion\":\"42\"},\"status\":{}}")).isEqualTo(42);
    assertThat(MockWatches.version("{\"metadata\":{}}")).isZero();
    assertThat(MockWatches.version("not json")).isZero();
  }

  @Test
  void aWatchWithALabelSelectorHearsAnObjectWhoseLabelsTookItOutOfItsSelectionAsDeletedLiveAndFromAVersion()
      throws Exception {
    var jobs = client.batch().v1().jobs().inNamespace(ns);
    var backend = jobs.withLabel("rodytech.ai/pipeline", "backend");
    String listed = backend.list().getMetadata().getResourceVersion();
    Job moved = jobs.withName("build-3").edit(j -> new JobBuilder(j).editMetadata()
        .addToLabels("rodytech.ai/pipeline", "frontend").endMetadata().build());
    jobs.withName("build-1").edit(j -> new JobBuilder(j).editMetadata().addToLabels("edited", "yes").endMetadata()
        .build());
    List<String> fromVersion = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Job> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var sinceListed = backend.withResourceVersion(listed).watch(recorder(fromVersion, deleted))) {
      jobs.withName("build-2").edit(j -> new JobBuilder(j).editMetadata()
          .addToLabels("rodytech.ai/pipeline", "frontend").endMetadata().build());
      jobs.withName("build-3").edit(j -> new JobBuilder(j).editMetadata()
          .addToLabels("rodytech.ai/pipeline", "backend").endMetadata().build());

      await().atMost(Duration.ofSeconds(10)).until(() -> fromVersion.size() >= 4);
      Thread.sleep(300); // nothing else arrives
      assertThat(fromVersion).as("build-3 left the selection after the list; build-2 left it live; build-3 came back")
          .containsExactly("DELETED build-3", "ADDED build-1", "DELETED build-2", "ADDED build-3");
    }
    assertThat(deleted).allSatisfy(job -> assertThat(job.getMetadata().getLabels())
        .as("a DELETED for leaving a selection carries the object as it was").containsEntry("rodytech.ai/pipeline",
            "backend"));
    assertThat(deleted.get(0).getMetadata().getResourceVersion()).as("at the version of the change")
        .isEqualTo(moved.getMetadata().getResourceVersion());
  }

  private static Watcher<Job> recorder(List<String> events) {
    return recorder(events, new ArrayList<>());
  }

  private static Watcher<Job> recorder(List<String> events, List<Job> deleted) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Job job) {
        if (action == Action.DELETED) {
          deleted.add(job);
        }
        events.add(action + " " + job.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static List<String> names(JobList list) {
    List<String> names = new ArrayList<>();
    list.getItems().forEach(j -> names.add(j.getMetadata().getName()));
    return names;
  }
}
