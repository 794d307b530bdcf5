package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process cluster for all the tests of a class (starting one takes a moment):
 * {@code @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();}. What a test starts on
 * it (a kubelet, a watch log) is closed after the test with {@link #closeAfterTest}, newest first.
 */
final class ClusterPerClass implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final Deque<AutoCloseable> afterTest = new ArrayDeque<>();
  private InProcessCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = InProcessCluster.start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    while (!afterTest.isEmpty()) {
      afterTest.pop().close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    cluster.close();
  }

  InProcessCluster cluster() {
    return cluster;
  }

  /** The cluster's own client, closed with it. */
  KubernetesClient client() {
    return cluster.client();
  }

  /** Closes {@code started} after the current test; returns it. */
  <T extends AutoCloseable> T closeAfterTest(T started) {
    afterTest.push(started);
    return started;
  }
}
