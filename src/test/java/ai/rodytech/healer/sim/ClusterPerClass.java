package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process cluster for all the tests of a class (starting one takes a moment):
 * {@code @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();}.
 */
final class ClusterPerClass implements BeforeAllCallback, AfterAllCallback {
  private InProcessCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = InProcessCluster.start();
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
}
