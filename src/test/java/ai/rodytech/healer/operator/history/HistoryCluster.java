package ai.rodytech.healer.operator.history;

import ai.rodytech.healer.api.PipelineHistory;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.client.KubernetesClient;

/** An in-process cluster (it installs the PipelineHistory CRD with the project's others), and a client of it. */
final class HistoryCluster implements AutoCloseable {
  static final String NS = "ci";
  static final String HISTORY_PATH = "/apis/rodytech.ai/v1alpha1/namespaces/ci/pipelinehistories";

  final InProcessCluster cluster = InProcessCluster.start();
  final KubernetesClient client = cluster.newClient();

  HistoryCluster() {
    cluster.requests().reset();
  }

  /** Status writes of the history named {@code name} so far. */
  long statusWrites(String name) {
    return cluster.requests().count("PUT", HISTORY_PATH + "/" + name + "/status");
  }

  long creations() {
    return cluster.requests().count("POST", HISTORY_PATH);
  }

  PipelineHistory stored(String pipeline) {
    return client.resources(PipelineHistory.class).inNamespace(NS).withName(PipelineHistory.nameFor(pipeline)).get();
  }

  @Override
  public void close() {
    client.close();
    cluster.close();
  }
}
