package ai.rodytech.healer.operator.act;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/** Creates runs: a server-side dry run first when asked, then for real. AlreadyExists counts as done. */
public final class JobLauncher {
  private final KubernetesClient client;

  public JobLauncher(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Asks the API server to create the Job with dryRun=All: admission, defaulting and validation run, nothing
   * is persisted. Returns the server's refusal message, or empty when it would be accepted.
   */
  public Optional<String> dryRun(Job job) {
    try {
      client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).dryRun().create();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // The run exists already: an earlier pass created it; creating it again is a no-op, not a refusal.
        return Optional.empty();
      }
      return Optional.of(describe(e));
    }
  }

  /** Creates the Job; true when this call created it, false when it already existed. */
  public boolean create(Job job) {
    try {
      client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  static String describe(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return "HTTP " + e.getCode() + " " + e.getStatus().getReason() + ": " + e.getStatus().getMessage();
    }
    return "HTTP " + e.getCode() + ": " + e.getMessage();
  }
}
