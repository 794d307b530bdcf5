package ai.rodytech.healer.install;

import ai.rodytech.healer.BuildInfo;
import java.util.List;

/**
 * What `healer manifests` varies.
 *
 * @param namespace where the operator runs (its ServiceAccount, Deployment and leader-election Lease)
 * @param image the operator's container image
 * @param llmSecret the Secret whose keys become the operator's HEALER_LLM_* environment (optional at runtime)
 * @param alertSecrets Secrets the operator may read for policies' alert channels, each by name in its namespace
 * @param watchNamespaces the namespaces the operator watches, each granted by a Role; empty: all namespaces,
 *     granted by a ClusterRole
 */
public record InstallOptions(
    String namespace, String image, String llmSecret, List<SecretRef> alertSecrets, List<String> watchNamespaces) {
  public static final String DEFAULT_NAMESPACE = "pipeline-healer";
  public static final String IMAGE_REPOSITORY = "ghcr.io/rodytech/pipeline-healer";
  public static final String DEFAULT_LLM_SECRET = "pipeline-healer-llm";

  /** A Secret by namespace and name. */
  public record SecretRef(String namespace, String name) {}

  public InstallOptions {
    alertSecrets = List.copyOf(alertSecrets);
    watchNamespaces = List.copyOf(watchNamespaces);
  }

  public static String defaultImage() {
    return IMAGE_REPOSITORY + ":" + BuildInfo.version();
  }

  public static InstallOptions defaults() {
    return new InstallOptions(DEFAULT_NAMESPACE, defaultImage(), DEFAULT_LLM_SECRET, List.of(), List.of());
  }

  /** Whether the operator watches every namespace (a ClusterRole) rather than a list (a Role in each). */
  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }
}
