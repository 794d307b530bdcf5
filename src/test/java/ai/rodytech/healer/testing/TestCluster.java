package ai.rodytech.healer.testing;

import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.client.KubernetesClient;

/** An in-process cluster and a client of it, closed together; request counts start from zero. */
public final class TestCluster implements AutoCloseable {
  public final InProcessCluster cluster = InProcessCluster.start();
  public final KubernetesClient client = cluster.newClient();

  /** Counts of the API calls from now on. */
  public void countFromHere() {
    cluster.requests().reset();
  }

  public long count(String verb, String path) {
    return cluster.requests().count(verb, path);
  }

  @Override
  public void close() {
    client.close();
    cluster.close();
  }
}
