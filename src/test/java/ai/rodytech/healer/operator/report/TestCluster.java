package ai.rodytech.healer.operator.report;

import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.client.KubernetesClient;

/** An in-process cluster and a client of it, closed together; request counts start from zero. */
final class TestCluster implements AutoCloseable {
  final InProcessCluster cluster = InProcessCluster.start();
  final KubernetesClient client = cluster.newClient();

  /** Counts of the API calls from now on. */
  void countFromHere() {
    cluster.requests().reset();
  }

  long count(String verb, String path) {
    return cluster.requests().count(verb, path);
  }

  @Override
  public void close() {
    client.close();
    cluster.close();
  }
}
