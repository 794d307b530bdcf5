package ai.rodytech.healer.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to run the operator in a cluster, in apply order: CRDs, Namespace, ServiceAccount, RBAC
 * (a ClusterRole, or Roles in the watched namespaces; the leader-election Role; per-Secret Roles for alert
 * Secrets), the metrics Service, the Deployment. `healer manifests` prints it; deploy/operator.yaml is its
 * output with the defaults, and the Helm chart renders the same objects with its default values.
 */
public final class InstallManifests {
  public static final String NAME = "pipeline-healer";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private InstallManifests() {}

  public static List<HasMetadata> resources(InstallOptions options) {
    List<HasMetadata> resources = new ArrayList<>(Crds.all());
    resources.add(
        new NamespaceBuilder().withNewMetadata().withName(options.namespace()).withLabels(labels()).endMetadata().build());
    resources.add(new ServiceAccountBuilder().withMetadata(metadata(NAME, options.namespace())).build());
    resources.addAll(OperatorRbac.watchAccess(options));
    resources.addAll(OperatorRbac.leaderElectionAccess(options));
    resources.addAll(OperatorRbac.alertSecretAccess(options));
    resources.add(OperatorDeployment.metricsService(options));
    resources.add(OperatorDeployment.deployment(options));
    return resources;
  }

  /** One multi-document YAML, ready for `kubectl apply -f -`. */
  public static String yaml(InstallOptions options) {
    StringBuilder out = new StringBuilder();
    for (HasMetadata resource : resources(options)) {
      out.append(SERIALIZATION.asYaml(resource));
    }
    return out.toString();
  }

  /** Name, namespace (null for a cluster-scoped object) and the labels every object of the install carries. */
  static ObjectMeta metadata(String name, String namespace) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels()).build();
  }

  /** Insertion-ordered, so that the YAML is the same on every run (Map.of iterates in a random order). */
  static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", NAME);
    labels.put("app.kubernetes.io/part-of", NAME);
    return labels;
  }
}
