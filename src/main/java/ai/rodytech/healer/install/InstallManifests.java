package ai.rodytech.healer.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to run the operator in a cluster, in apply order: CRDs, Namespace, ServiceAccount,
 * ClusterRole and binding, per-Secret Roles for alert Secrets, Deployment. `healer manifests` prints it;
 * deploy/operator.yaml is its output with the defaults.
 */
public final class InstallManifests {
  public static final String NAME = "pipeline-healer";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private InstallManifests() {}

  public static List<HasMetadata> resources(InstallOptions options) {
    List<HasMetadata> resources = new ArrayList<>(Crds.all());
    resources.add(
        new NamespaceBuilder().withNewMetadata().withName(options.namespace()).withLabels(labels()).endMetadata().build());
    resources.add(
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(NAME)
            .withNamespace(options.namespace())
            .withLabels(labels())
            .endMetadata()
            .build());
    resources.add(OperatorRbac.clusterRole());
    resources.add(OperatorRbac.clusterRoleBinding(options));
    resources.addAll(OperatorRbac.alertSecretAccess(options));
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

  /** Insertion-ordered, so that the YAML is the same on every run (Map.of iterates in a random order). */
  static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", NAME);
    labels.put("app.kubernetes.io/part-of", NAME);
    return labels;
  }
}
