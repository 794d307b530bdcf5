package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * How the simulated controllers (job controller, kubelet, the Tekton and Argo controllers) make their calls:
 * inside the JVM, straight to the in-process API server's handlers ({@link #inProcess}). Their watches stay on
 * HTTP.
 *
 * <p>Over HTTP, the simulated controllers' dozen writes per run took about a third of the simulator's CPU (their
 * client, its threads, the server's HTTP handling), on the cores the operator under test needs too
 * (docs/performance.md). The API server's answer is the same: its handlers, admission, defaulting,
 * validation, watch events and request log run either way.
 */
public interface ClusterCalls {

  /** An answer: the HTTP status code and the body (JSON, or the text of a refusal). */
  record Answer(int code, String body) {
    public boolean ok() {
      return code >= 200 && code <= 299;
    }
  }

  /** Sends one call; {@code contentType} and {@code body} are null for GET and a DELETE without options. */
  Answer call(String method, String path, String contentType, String body);

  /** Calls to the in-process cluster's handlers, without HTTP, counted in its request log as from {@code agent}. */
  static ClusterCalls inProcess(InProcessCluster cluster, String agent) {
    return (method, path, contentType, body) -> cluster.direct(method, path, contentType, body, agent);
  }

  /** The refusal as fabric8 reports one: the server's Status (reason, message) and its code. */
  static KubernetesClientException failure(String method, String path, Answer answer) {
    Status status = null;
    try {
      status = Serialization.unmarshal(answer.body(), Status.class);
    } catch (RuntimeException e) {
      // not a Status: the code and text tell
    }
    String message = status != null && status.getMessage() != null ? status.getMessage() : answer.body();
    return new KubernetesClientException((method.isEmpty() ? "" : method + " ") + path + " answered " + answer.code() + ": " + message,
        answer.code(), status);
  }
}
