package ai.rodytech.healer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.operator.run.argo.ArgoKind;
import ai.rodytech.healer.operator.run.argo.Workflow;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Argo Workflows healed on a real cluster with Argo Workflows (v3.5+) installed and its controller watching the
 * test's namespace: runs only with KUBECONFIG set and {@code -Dhealer.e2e=true}, and is skipped (saying so) when
 * the cluster does not serve {@code argoproj.io/v1alpha1 Workflow}. The build fails with an npm registry timeout
 * unless the workflow is the healer's ({@code {{workflow.name}}} ends in {@code -heal-N}), so the article's policy
 * resubmits the second failure once, and the resubmission passes. The cluster must be able to pull busybox. The
 * test grants its namespace's default service account Argo's minimum executor role (the wait container reports each
 * step's result as a WorkflowTaskResult; without the right, every step ends in an RBAC error).
 */
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".+")
@EnabledIfSystemProperty(named = EngineCluster.OPT_IN, matches = "true")
class ArgoE2E {
  private static final String TEMPLATE = """
      apiVersion: argoproj.io/v1alpha1
      kind: WorkflowTemplate
      metadata:
        name: backend-ci-build
      spec:
        entrypoint: build
        templates:
          - name: build
            script:
              image: busybox:1.36
              command: [sh]
              source: |
                case "{{workflow.name}}" in
                  *-heal-*) echo "added 812 packages in 21s"; exit 0 ;;
                esac
                echo "npm error code ETIMEDOUT"
                echo "npm error network request to https://registry.npmjs.org/jest failed, reason: connect ETIMEDOUT 104.16.27.34:443"
                exit 1
      """;
  private static EngineCluster cluster;

  @BeforeAll
  static void install() {
    cluster = new EngineCluster("healer-argo-e2e", Workflow.API_VERSION, Workflow.KIND, "Argo Workflows");
    grantExecutorRole();
  }

  private static void grantExecutorRole() {
    cluster.client.rbac().roles().inNamespace(cluster.namespace).resource(new RoleBuilder()
        .withNewMetadata().withName("argo-executor").endMetadata()
        .addNewRule().withApiGroups("argoproj.io").withResources("workflowtaskresults").withVerbs("create", "patch")
        .endRule()
        .build()).create();
    cluster.client.rbac().roleBindings().inNamespace(cluster.namespace).resource(new RoleBindingBuilder()
        .withNewMetadata().withName("argo-executor-default").endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("argo-executor")
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName("default").withNamespace(cluster.namespace).endSubject()
        .build()).create();
  }

  @AfterAll
  static void cleanUp() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void run(String name) {
    cluster.runToTheEnd(new ArgoKind(null, null, null), name, "workflowTemplateRef", "backend-ci-build");
  }

  @Test
  void theArticlesPolicyResubmitsTheSecondFailedWorkflowOnceEvenAcrossARestart() throws Exception {
    cluster.applySeedPolicy();
    cluster.create(new YAMLMapper().readTree(TEMPLATE));

    run("backend-ci-build-1");
    run("backend-ci-build-2");
    await().atMost(Duration.ofMinutes(3)).until(() -> "Healed".equals(cluster.outcome("backend-ci-build-2")));

    assertThat(cluster.healsOf(Workflow.API_VERSION, Workflow.KIND, "backend-ci-build-1")).isEmpty();
    assertThat(cluster.healsOf(Workflow.API_VERSION, Workflow.KIND, "backend-ci-build-2")).hasSize(1);
    cluster.restartAndSettle();
    assertThat(cluster.healsOf(Workflow.API_VERSION, Workflow.KIND, "backend-ci-build-2")).hasSize(1);
  }
}
