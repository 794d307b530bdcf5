package ai.rodytech.healer.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's permissions, least privilege: each rule names what for. No access to Secrets cluster-wide;
 * reading an alert Secret takes a Role in its namespace for that one Secret by name.
 */
final class OperatorRbac {
  static final String NAME = InstallManifests.NAME;

  private OperatorRbac() {}

  static List<PolicyRule> clusterRules() {
    return List.of(
        // Observe CI runs and act on them: a heal creates a new Job (with a server-side dry run first).
        rule("batch", List.of("jobs"), "get", "list", "watch", "create"),
        // A Job belongs to the pipeline named by the CronJob that owns it.
        rule("batch", List.of("cronjobs"), "get", "list", "watch"),
        // Failure snapshots: termination states, exit codes, and a bounded log tail.
        rule("", List.of("pods"), "get", "list", "watch"),
        rule("", List.of("pods/log"), "get"),
        // Report: Kubernetes Events through either API group.
        rule("", List.of("events"), "get", "list", "watch", "create", "update", "patch"),
        rule("events.k8s.io", List.of("events"), "create", "patch"),
        // Policies are read; only their status is written.
        rule("rodytech.ai", List.of("pipelinerecoverypolicies"), "get", "list", "watch"),
        rule("rodytech.ai", List.of("pipelinerecoverypolicies/status"), "get", "update", "patch"),
        // Incidents are the operator's own records (created, updated, garbage-collected).
        rule(
            "rodytech.ai",
            List.of("pipelineincidents", "pipelineincidents/status"),
            "get", "list", "watch", "create", "update", "patch", "delete"),
        // Run ledgers, one per pipeline: created once, read on first use, their status written.
        rule("rodytech.ai", List.of("pipelinehistories"), "get", "create"),
        rule("rodytech.ai", List.of("pipelinehistories/status"), "get", "update"),
        // Leader election when more than one replica runs.
        rule("coordination.k8s.io", List.of("leases"), "get", "create", "update"),
        // Tekton and Argo runs, when those CRDs exist.
        rule("tekton.dev", List.of("pipelineruns", "taskruns"), "get", "list", "watch", "create"),
        rule("argoproj.io", List.of("workflows"), "get", "list", "watch", "create"));
  }

  static ClusterRole clusterRole() {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withLabels(InstallManifests.labels())
        .endMetadata()
        .withRules(clusterRules())
        .build();
  }

  static HasMetadata clusterRoleBinding(InstallOptions options) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withLabels(InstallManifests.labels())
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", NAME)
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(NAME)
        .withNamespace(options.namespace())
        .endSubject()
        .build();
  }

  /** A Role and RoleBinding per alert Secret: get on exactly that Secret, nothing else. */
  static List<HasMetadata> alertSecretAccess(InstallOptions options) {
    List<HasMetadata> resources = new ArrayList<>();
    for (InstallOptions.SecretRef secret : options.alertSecrets()) {
      String name = NAME + "-alerts-" + secret.name();
      resources.add(
          new RoleBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(secret.namespace())
              .withLabels(InstallManifests.labels())
              .endMetadata()
              .withRules(
                  new PolicyRuleBuilder()
                      .withApiGroups("")
                      .withResources("secrets")
                      .withResourceNames(secret.name())
                      .withVerbs("get")
                      .build())
              .build());
      resources.add(
          new RoleBindingBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(secret.namespace())
              .withLabels(InstallManifests.labels())
              .endMetadata()
              .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
              .addNewSubject()
              .withKind("ServiceAccount")
              .withName(NAME)
              .withNamespace(options.namespace())
              .endSubject()
              .build());
    }
    return resources;
  }

  private static PolicyRule rule(String apiGroup, List<String> resources, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resources).withVerbs(verbs).build();
  }
}
