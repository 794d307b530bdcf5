package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.BuildInfo;
import ai.rodytech.healer.api.FieldProblem;
import ai.rodytech.healer.api.SchemaChecker;
import ai.rodytech.healer.install.LeastPrivilege;
import ai.rodytech.healer.install.YamlDocs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** `healer manifests` through the real CLI entry point. */
class ManifestsCommandTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void printsEverythingInApplyOrder() throws IOException {
    List<JsonNode> docs = manifests();

    assertThat(docs)
        .extracting(doc -> doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText())
        .containsExactly(
            "CustomResourceDefinition/pipelinerecoverypolicies.rodytech.ai",
            "CustomResourceDefinition/pipelineincidents.rodytech.ai",
            "CustomResourceDefinition/pipelinehistories.rodytech.ai",
            "Namespace/pipeline-healer",
            "ServiceAccount/pipeline-healer",
            "ClusterRole/pipeline-healer",
            "ClusterRoleBinding/pipeline-healer",
            "Role/pipeline-healer-leader-election",
            "RoleBinding/pipeline-healer-leader-election",
            "Service/pipeline-healer",
            "Deployment/pipeline-healer");
  }

  @Test
  void staysLeastPrivilege() throws IOException {
    LeastPrivilege.check(manifests(), Set.of());
    LeastPrivilege.check(
        manifests("--alerts-secret", "ci-alerts", "--alerts-namespace", "ci", "--watch-namespace", "ci,web"),
        Set.of("ci/ci-alerts"));
  }

  @Test
  void theClusterRoleGrantsExactlyWhatTheOperatorUses() throws IOException {
    Map<String, List<String>> grants = LeastPrivilege.grantsByRole(manifests()).get("ClusterRole/-/pipeline-healer");

    List<String> read = List.of("get", "list", "watch");
    List<String> readCreate = List.of("create", "get", "list", "watch");
    List<String> own = List.of("create", "delete", "get", "list", "patch", "update", "watch");
    assertThat(grants)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("batch/jobs", readCreate),
                Map.entry("batch/cronjobs", read),
                Map.entry("tekton.dev/pipelineruns", readCreate),
                Map.entry("tekton.dev/taskruns", read),
                Map.entry("tekton.dev/pipelines", List.of("get")),
                Map.entry("tekton.dev/tasks", List.of("get")),
                Map.entry("argoproj.io/workflows", readCreate),
                Map.entry("argoproj.io/workflowtemplates", List.of("get")),
                Map.entry("argoproj.io/cronworkflows", List.of("get")),
                Map.entry("core/pods", List.of("get", "list")),
                Map.entry("core/pods/log", List.of("get")),
                Map.entry("core/events", List.of("create", "get", "list", "patch", "update", "watch")),
                Map.entry("rodytech.ai/pipelinerecoverypolicies", read),
                Map.entry("rodytech.ai/pipelinerecoverypolicies/status", List.of("get", "patch", "update")),
                Map.entry("rodytech.ai/pipelineincidents", own),
                Map.entry("rodytech.ai/pipelineincidents/status", own),
                Map.entry("rodytech.ai/pipelinehistories", List.of("create", "get")),
                Map.entry("rodytech.ai/pipelinehistories/status", List.of("get", "update"))));
  }

  /** Issue 16: the Lease is reached through a Role in the operator's own namespace, get/update by name. */
  @Test
  void theLeaseIsGrantedByARoleInTheOperatorsNamespace() throws IOException {
    Map<String, Map<String, List<String>>> roles = LeastPrivilege.grantsByRole(manifests("--namespace", "ops"));

    assertThat(roles.get("Role/ops/pipeline-healer-leader-election"))
        .containsExactly(
            Map.entry("coordination.k8s.io/leases", List.of("create")),
            Map.entry("coordination.k8s.io/leases[pipeline-healer-leader]", List.of("get", "update")));
    assertThat(roles.get("ClusterRole/-/pipeline-healer")).doesNotContainKey("coordination.k8s.io/leases");
  }

  @Test
  void watchedNamespacesGetRolesInsteadOfTheClusterRole() throws IOException {
    List<JsonNode> docs = manifests("--watch-namespace", "ci", "--watch-namespace", "web");

    assertThat(all(docs, "ClusterRole")).isEmpty();
    assertThat(all(docs, "ClusterRoleBinding")).isEmpty();
    Map<String, Map<String, List<String>>> roles = LeastPrivilege.grantsByRole(docs);
    assertThat(roles).containsOnlyKeys(
        "Role/ci/pipeline-healer", "Role/web/pipeline-healer", "Role/pipeline-healer/pipeline-healer-leader-election");
    assertThat(roles.get("Role/ci/pipeline-healer")).isEqualTo(roles.get("Role/web/pipeline-healer"));
    assertThat(roles.get("Role/ci/pipeline-healer")).containsEntry("batch/jobs", List.of("create", "get", "list", "watch"));
    JsonNode binding = all(docs, "RoleBinding").get(0);
    assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo("pipeline-healer");
    assertThat(texts(only(docs, "Deployment").path("spec").path("template").path("spec").path("containers"), "args"))
        .containsExactly("run", "--leader-election", "--namespace=ci,web");
  }

  @Test
  void anAlertSecretGetsARoleForThatSecretOnly() throws IOException {
    List<JsonNode> docs =
        manifests("--alerts-secret", "ci-alerts", "--alerts-namespace", "ci", "--alerts-secret", "web-alerts", "--alerts-namespace", "web");

    List<JsonNode> roles =
        all(docs, "Role").stream().filter(r -> r.path("metadata").path("name").asText().contains("-alerts-")).toList();
    assertThat(roles).hasSize(2);
    JsonNode role = roles.get(0);
    assertThat(role.path("metadata").path("namespace").asText()).isEqualTo("ci");
    assertThat(role.path("rules")).hasSize(1);
    JsonNode rule = role.path("rules").get(0);
    assertThat(texts(role.path("rules"), "resources")).containsExactly("secrets");
    assertThat(texts(role.path("rules"), "resourceNames")).containsExactly("ci-alerts");
    assertThat(texts(role.path("rules"), "verbs")).containsExactly("get");
    assertThat(rule.path("apiGroups").get(0).asText()).isEmpty();
    JsonNode binding =
        all(docs, "RoleBinding").stream()
            .filter(b -> b.path("metadata").path("name").asText().contains("-alerts-"))
            .findFirst()
            .orElseThrow();
    assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(role.path("metadata").path("name").asText());
    assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo("pipeline-healer");
    assertThat(roles.get(1).path("metadata").path("namespace").asText()).isEqualTo("web");
  }

  @Test
  void anAlertSecretNeedsItsNamespace() {
    CliRun run = CliRun.run("manifests", "--alerts-secret", "ci-alerts");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--alerts-namespace");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aBadNamespaceIsRefused() {
    CliRun run = CliRun.run("manifests", "--namespace", "Pipeline_Healer");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--namespace: 'Pipeline_Healer' is not a namespace name");
  }

  @Test
  void theDeploymentRunsTheOperatorLockedDown() throws IOException {
    JsonNode pod = only(manifests(), "Deployment").path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);

    assertThat(container.path("image").asText()).isEqualTo("ghcr.io/rodytech/pipeline-healer:" + BuildInfo.version());
    assertThat(BuildInfo.version()).isNotEqualTo("dev");
    assertThat(texts(pod.path("containers"), "args")).containsExactly("run", "--leader-election");
    assertThat(only(manifests(), "Deployment").path("spec").path("replicas").asInt())
        .as("one leads, one stands by")
        .isEqualTo(2);
    assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    assertThat(container.path("envFrom").get(0).path("secretRef").path("name").asText()).isEqualTo("pipeline-healer-llm");
    assertThat(container.path("envFrom").get(0).path("secretRef").path("optional").asBoolean()).isTrue();
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("pipeline-healer");
  }

  @Test
  void optionsReachEveryPlaceTheyBelong() throws IOException {
    List<JsonNode> docs = manifests("--namespace", "ops", "--image", "registry.local/healer:1.2.3", "--llm-secret", "openai");

    assertThat(only(docs, "Namespace").path("metadata").path("name").asText()).isEqualTo("ops");
    assertThat(only(docs, "ServiceAccount").path("metadata").path("namespace").asText()).isEqualTo("ops");
    assertThat(only(docs, "ClusterRoleBinding").path("subjects").get(0).path("namespace").asText()).isEqualTo("ops");
    assertThat(only(docs, "Service").path("metadata").path("namespace").asText()).isEqualTo("ops");
    JsonNode deployment = only(docs, "Deployment");
    assertThat(deployment.path("metadata").path("namespace").asText()).isEqualTo("ops");
    JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(container.path("image").asText()).isEqualTo("registry.local/healer:1.2.3");
    assertThat(container.path("envFrom").get(0).path("secretRef").path("name").asText()).isEqualTo("openai");
  }

  /** A light structural check of our own: the article's YAML fits the printed CRD's schema. */
  @Test
  void theArticlesPolicyFitsThePrintedSchema() throws IOException {
    JsonNode crd = all(manifests(), "CustomResourceDefinition").get(0);
    JsonNode version = crd.path("spec").path("versions").get(0);
    JsonNode specSchema = version.path("schema").path("openAPIV3Schema").path("properties").path("spec");
    JsonNode seed = seedPolicy();

    assertThat(seed.path("apiVersion").asText()).isEqualTo(crd.path("spec").path("group").asText() + "/" + version.path("name").asText());
    assertThat(seed.path("kind").asText()).isEqualTo(crd.path("spec").path("names").path("kind").asText());
    assertThat(SchemaChecker.check(seed.path("spec").deepCopy(), specSchema, "spec")).isEmpty();

    ObjectNode mutated = (ObjectNode) seed.path("spec").deepCopy();
    ((ArrayNode) mutated.path("allowedStrategies")).add("delete_db");
    mutated.remove("targetPipeline");
    assertThat(SchemaChecker.check(mutated, specSchema, "spec"))
        .extracting(FieldProblem::field)
        .containsExactly("spec.allowedStrategies[3]", "spec.targetPipeline");
  }

  private static List<JsonNode> manifests(String... options) throws IOException {
    String[] args = new String[options.length + 1];
    args[0] = "manifests";
    System.arraycopy(options, 0, args, 1, options.length);
    CliRun run = CliRun.run(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    return YamlDocs.parse(run.out());
  }

  private static JsonNode seedPolicy() throws IOException {
    try (InputStream in = Objects.requireNonNull(ManifestsCommandTest.class.getClassLoader().getResourceAsStream("policies/seed.yaml"))) {
      return YAML.readTree(in);
    }
  }

  private static List<JsonNode> all(List<JsonNode> docs, String kind) {
    return YamlDocs.all(docs, kind);
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    return YamlDocs.only(docs, kind);
  }

  private static List<String> texts(JsonNode elements, String field) {
    return YamlDocs.texts(elements, field);
  }
}
