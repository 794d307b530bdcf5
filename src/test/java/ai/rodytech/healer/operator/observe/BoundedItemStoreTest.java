package ai.rodytech.healer.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evidence watches' store: the newest objects kept slim, older ones as stubs that still index the same. */
class BoundedItemStoreTest {
  private final BoundedItemStore<Pod> store = new BoundedItemStore<>(PodEvidence::slim, pod -> new Pod(), 2);

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ci").withUid("uid-" + name)
        .addToLabels("controller-uid", "job-1").addNewOwnerReference().withKind("Job").withUid("job-1")
        .endOwnerReference().endMetadata()
        .withNewStatus().withPhase("Failed").addNewContainerStatus().withName("build").withNewState()
        .withNewTerminated().withExitCode(1).endTerminated().endState().endContainerStatus().endStatus()
        .build();
  }

  private Pod put(String name) {
    return put(name, "1");
  }

  private Pod put(String name, String version) {
    Pod pod = pod(name);
    pod.getMetadata().setResourceVersion(version);
    store.put(store.getKey(pod), pod);
    return store.get("ci/" + name);
  }

  @Test
  void theNewestAreKeptSlimTheOlderAsStubsWithTheirMetadata() {
    put("a");
    put("b");
    put("c");

    Pod a = store.get("ci/a");
    assertThat(BoundedItemStore.isStub(a)).isTrue();
    assertThat(a.getStatus()).isNull();
    assertThat(a.getMetadata().getLabels()).containsEntry("controller-uid", "job-1");
    assertThat(a.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid())
        .isEqualTo("job-1"));
    assertThat(a.getKind()).isEqualTo("Pod");
    assertThat(BoundedItemStore.isStub(store.get("ci/b"))).isFalse();
    assertThat(store.get("ci/c").getStatus().getPhase()).isEqualTo("Failed");
    assertThat(store.size()).isEqualTo(3);
    // kept without their empty collections, stubs too (Compact)
    assertThat(store.get("ci/c").getStatus().getConditions()).isSameAs(List.of());
    assertThat(a.getMetadata().getFinalizers()).isSameAs(List.of());
  }

  @Test
  void aStubChangedIsWholeAgainAndTheNextOldestGoes() {
    put("a");
    put("b");
    put("c");
    put("a", "2");

    assertThat(BoundedItemStore.isStub(store.get("ci/a"))).isFalse();
    assertThat(BoundedItemStore.isStub(store.get("ci/b"))).isTrue();
    assertThat(BoundedItemStore.isStub(store.get("ci/c"))).isFalse();
  }

  @Test
  void aStubRelistedAtTheSameVersionStaysAStubAndANewVersionIsWhole() {
    put("a");
    put("b");
    put("c");

    assertThat(BoundedItemStore.isStub(put("a"))).as("same version: a relist").isTrue();
    assertThat(BoundedItemStore.isStub(store.get("ci/b"))).isFalse();

    assertThat(BoundedItemStore.isStub(put("a", "2"))).isFalse();
    assertThat(BoundedItemStore.isStub(store.get("ci/b"))).isTrue();
  }

  @Test
  void aListInNameOrderKeepsWholeTheObjectsWrittenLastByTheirVersions() {
    // As after a start: the API server lists by name, the store ranks by version.
    put("a", "30");
    put("b", "10");
    put("c", "20");

    assertThat(BoundedItemStore.isStub(store.get("ci/b"))).as("written first").isTrue();
    assertThat(BoundedItemStore.isStub(store.get("ci/a"))).isFalse();
    assertThat(BoundedItemStore.isStub(store.get("ci/c"))).isFalse();

    // A relist at the same versions changes nothing; a watch event (a newer version) is the newest.
    put("a", "30");
    put("c", "20");
    assertThat(BoundedItemStore.isStub(put("b", "10"))).isTrue();
    assertThat(BoundedItemStore.isStub(put("b", "31"))).isFalse();
    assertThat(BoundedItemStore.isStub(store.get("ci/c"))).as("now the oldest kept whole").isTrue();
    assertThat(BoundedItemStore.isStub(store.get("ci/a"))).isFalse();
  }

  @Test
  void aVersionThatIsNotANumberRanksAsTheNewest() {
    put("a", "not-a-number");
    put("b", "10");
    put("c", "20");

    assertThat(BoundedItemStore.isStub(store.get("ci/b"))).isTrue();
    assertThat(BoundedItemStore.isStub(store.get("ci/a"))).isFalse();
  }

  @Test
  void aRunWithAStubAmongItsObjectsIsNotKnownToTheCache() {
    put("a");
    put("b");
    put("c");

    assertThat(BoundedItemStore.whole(List.of(store.get("ci/b"), store.get("ci/c")))).hasSize(2);
    assertThat(BoundedItemStore.whole(List.of(store.get("ci/a"), store.get("ci/c")))).isNull();
  }

  @Test
  void aRemovedObjectLeavesNoPlaceAmongTheNewest() {
    put("a");
    put("b");
    store.remove("ci/b");
    put("c");

    assertThat(BoundedItemStore.isStub(store.get("ci/a"))).isFalse();
    assertThat(store.get("ci/b")).isNull();
    assertThat(store.keySet()).containsExactlyInAnyOrder("ci/a", "ci/c");
  }
}
