package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.AttributeSet;
import org.junit.jupiter.api.Test;

class DeletionHistoryTest {
  private final KubernetesAttributesExtractor paths = new KubernetesAttributesExtractor();
  private final DeletionHistory history = new DeletionHistory(2);

  @Test
  void aWatchHearsTheDeletionsAfterItsVersionOfWhatItSelectsOldestFirst() {
    history.deleted(key("/api/v1/namespaces/ci/pods/a"), 10, "{a}");
    history.deleted(key("/api/v1/namespaces/other/pods/b"), 11, "{b}");
    history.deleted(key("/apis/batch/v1/namespaces/ci/jobs/c"), 12, "{c}");

    assertThat(history.since(paths.fromPath("/api/v1/namespaces/ci/pods"), 9))
        .extracting(DeletionHistory.Deleted::json).containsExactly("{a}");
    assertThat(history.since(paths.fromPath("/api/v1/pods"), 9))
        .extracting(DeletionHistory.Deleted::json).containsExactly("{a}", "{b}");
    assertThat(history.since(paths.fromPath("/api/v1/pods"), 10))
        .extracting(DeletionHistory.Deleted::json).containsExactly("{b}");
    assertThat(history.since(paths.fromPath("/apis/batch/v1/jobs"), 0))
        .extracting(DeletionHistory.Deleted::json).containsExactly("{c}");
  }

  @Test
  void aWatchFromBeforeTheOldestDeletionKeptOfItsKindMayHaveMissedOneAndIsExpired() {
    for (int version = 1; version <= 3; version++) {
      history.deleted(key("/api/v1/namespaces/ci/pods/p" + version), version, "{}");
    }

    assertThat(history.forgottenAfter(paths.fromPath("/api/v1/pods"), 0)).as("pod 1 is forgotten").isTrue();
    assertThat(history.forgottenAfter(paths.fromPath("/api/v1/pods"), 1)).isFalse();
    assertThat(history.forgottenAfter(paths.fromPath("/apis/batch/v1/jobs"), 0)).as("another kind").isFalse();
  }

  private AttributeSet key(String path) {
    return paths.fromPath(path);
  }
}
