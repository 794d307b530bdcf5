package ai.rodytech.healer.install;

import ai.rodytech.healer.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's permissions, least privilege: each rule names what for. The rules on runs are granted
 * cluster-wide (a ClusterRole) when the operator watches every namespace, else by a Role in each watched
 * namespace. The leader-election Lease is reached through a Role in the operator's own namespace. Nothing on
 * Secrets, except one Role per alert Secret for that one Secret by name. The Helm chart grants the same
 * (deploy/helm/pipeline-healer/templates/rbac.yaml; HelmChartTest compares them).
 */
final class OperatorRbac {
  static final String NAME = InstallManifests.NAME;
  static final String LEADER_ELECTION = NAME + "-leader-election";
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private OperatorRbac() {}

  /** What the operator needs in every namespace it watches. */
  static List<PolicyRule> watchRules() {
    return List.of(
        // Observe CI runs and act on them: a heal creates a new run (with a server-side dry run first); no run
        // is ever updated or deleted.
        rule("batch", List.of("jobs"), "get", "list", "watch", "create"),
        // A Job belongs to the pipeline named by the CronJob that owns it.
        rule("batch", List.of("cronjobs"), "get", "list", "watch"),
        rule("tekton.dev", List.of("pipelineruns"), "get", "list", "watch", "create"),
        rule("tekton.dev", List.of("taskruns"), "get", "list", "watch"),
        // A PipelineRun's pipeline and tasks, read to know what a rerun would run.
        rule("tekton.dev", List.of("pipelines", "tasks"), "get"),
        rule("argoproj.io", List.of("workflows"), "get", "list", "watch", "create"),
        rule("argoproj.io", List.of("workflowtemplates", "cronworkflows"), "get"),
        // Failure snapshots: termination states, exit codes, and a bounded log tail. Pods of Jobs are watched so
        // that the evidence of a pod the job controller deletes (a deadline, OnFailure's backoff limit) is read in time.
        rule("", List.of("pods"), "get", "list", "watch"),
        rule("", List.of("pods/log"), "get"),
        // Report (an Event seen again bumps its count), and read a run's events for the snapshot.
        rule("", List.of("events"), "get", "list", "watch", "create", "update", "patch"),
        // Policies are read; only their status is written.
        rule("rodytech.ai", List.of("pipelinerecoverypolicies"), "get", "list", "watch"),
        rule("rodytech.ai", List.of("pipelinerecoverypolicies/status"), "get", "update", "patch"),
        // Incidents are the operator's own records (created, updated, pruned).
        rule(
            "rodytech.ai",
            List.of("pipelineincidents", "pipelineincidents/status"),
            "get", "list", "watch", "create", "update", "patch", "delete"),
        // Run ledgers, one per pipeline: created once, read on first use, their status written.
        rule("rodytech.ai", List.of("pipelinehistories"), "get", "create"),
        rule("rodytech.ai", List.of("pipelinehistories/status"), "get", "update"));
  }

  /**
   * The leader-election Lease, in the operator's namespace. Kubernetes cannot restrict create by name (the
   * name is not known before the object exists), so create stands alone and get/update name the Lease.
   */
  static List<PolicyRule> leaderElectionRules() {
    return List.of(
        rule("coordination.k8s.io", List.of("leases"), "create"),
        new PolicyRuleBuilder()
            .withApiGroups("coordination.k8s.io")
            .withResources("leases")
            .withResourceNames(OperatorSettings.LEASE_NAME)
            .withVerbs("get", "update")
            .build());
  }

  /** A ClusterRole and binding, or a Role and binding in each watched namespace. */
  static List<HasMetadata> watchAccess(InstallOptions options) {
    if (options.watchesAllNamespaces()) {
      return List.of(
          new ClusterRoleBuilder()
              .withMetadata(InstallManifests.metadata(NAME, null))
              .withRules(watchRules())
              .build(),
          new ClusterRoleBindingBuilder()
              .withMetadata(InstallManifests.metadata(NAME, null))
              .withNewRoleRef(RBAC_GROUP, "ClusterRole", NAME)
              .withSubjects(serviceAccount(options))
              .build());
    }
    List<HasMetadata> resources = new ArrayList<>();
    for (String namespace : options.watchNamespaces()) {
      resources.addAll(roleAndBinding(NAME, namespace, watchRules(), options));
    }
    return resources;
  }

  static List<HasMetadata> leaderElectionAccess(InstallOptions options) {
    return roleAndBinding(LEADER_ELECTION, options.namespace(), leaderElectionRules(), options);
  }

  /** A Role and RoleBinding per alert Secret: get on exactly that Secret, nothing else. */
  static List<HasMetadata> alertSecretAccess(InstallOptions options) {
    List<HasMetadata> resources = new ArrayList<>();
    for (InstallOptions.SecretRef secret : options.alertSecrets()) {
      PolicyRule getThatSecret =
          new PolicyRuleBuilder()
              .withApiGroups("")
              .withResources("secrets")
              .withResourceNames(secret.name())
              .withVerbs("get")
              .build();
      resources.addAll(
          roleAndBinding(NAME + "-alerts-" + secret.name(), secret.namespace(), List.of(getThatSecret), options));
    }
    return resources;
  }

  private static List<HasMetadata> roleAndBinding(
      String name, String namespace, List<PolicyRule> rules, InstallOptions options) {
    return List.of(
        new RoleBuilder()
            .withMetadata(InstallManifests.metadata(name, namespace))
            .withRules(rules)
            .build(),
        new RoleBindingBuilder()
            .withMetadata(InstallManifests.metadata(name, namespace))
            .withNewRoleRef(RBAC_GROUP, "Role", name)
            .withSubjects(serviceAccount(options))
            .build());
  }

  private static Subject serviceAccount(InstallOptions options) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withName(NAME)
        .withNamespace(options.namespace())
        .build();
  }

  private static PolicyRule rule(String apiGroup, List<String> resources, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resources).withVerbs(verbs).build();
  }
}
