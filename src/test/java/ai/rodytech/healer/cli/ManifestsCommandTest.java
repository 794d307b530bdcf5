package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.BuildInfo;
import ai.rodytech.healer.api.FieldProblem;
import ai.rodytech.healer.api.SchemaChecker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;
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
            "Deployment/pipeline-healer");
  }

  @Test
  void theClusterRoleCannotTouchSecrets() throws IOException {
    JsonNode role = only(manifests(), "ClusterRole");

    List<String> resources = texts(role.path("rules"), "resources");
    assertThat(resources).noneMatch(resource -> resource.startsWith("secrets"));
    assertThat(resources).doesNotContain("*");
    assertThat(texts(role.path("rules"), "verbs")).doesNotContain("*");
    assertThat(texts(role.path("rules"), "apiGroups")).doesNotContain("*");
  }

  @Test
  void theClusterRoleGrantsExactlyWhatTheOperatorUses() throws IOException {
    Map<String, List<String>> grants = new LinkedHashMap<>();
    for (JsonNode rule : only(manifests(), "ClusterRole").path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          String key = (group.asText().isEmpty() ? "core" : group.asText()) + "/" + resource.asText();
          assertThat(grants).as("one rule per resource").doesNotContainKey(key);
          grants.put(key, StreamSupport.stream(rule.path("verbs").spliterator(), false).map(JsonNode::asText).toList());
        }
      }
    }

    List<String> read = List.of("get", "list", "watch");
    List<String> readCreate = List.of("get", "list", "watch", "create");
    List<String> own = List.of("get", "list", "watch", "create", "update", "patch", "delete");
    assertThat(grants)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("batch/jobs", readCreate),
                Map.entry("batch/cronjobs", read),
                Map.entry("core/pods", read),
                Map.entry("core/pods/log", List.of("get")),
                Map.entry("core/events", List.of("get", "list", "watch", "create", "update", "patch")),
                Map.entry("events.k8s.io/events", List.of("create", "patch")),
                Map.entry("rodytech.ai/pipelinerecoverypolicies", read),
                Map.entry("rodytech.ai/pipelinerecoverypolicies/status", List.of("get", "update", "patch")),
                Map.entry("rodytech.ai/pipelineincidents", own),
                Map.entry("rodytech.ai/pipelineincidents/status", own),
                Map.entry("rodytech.ai/pipelinehistories", List.of("get", "create")),
                Map.entry("rodytech.ai/pipelinehistories/status", List.of("get", "update")),
                Map.entry("coordination.k8s.io/leases", List.of("get", "create", "update")),
                Map.entry("tekton.dev/pipelineruns", readCreate),
                Map.entry("tekton.dev/taskruns", readCreate),
                Map.entry("argoproj.io/workflows", readCreate)));
  }

  @Test
  void anAlertSecretGetsARoleForThatSecretOnly() throws IOException {
    List<JsonNode> docs =
        manifests("--alerts-secret", "ci-alerts", "--alerts-namespace", "ci", "--alerts-secret", "web-alerts", "--alerts-namespace", "web");

    List<JsonNode> roles = all(docs, "Role");
    assertThat(roles).hasSize(2);
    JsonNode role = roles.get(0);
    assertThat(role.path("metadata").path("namespace").asText()).isEqualTo("ci");
    assertThat(role.path("rules")).hasSize(1);
    JsonNode rule = role.path("rules").get(0);
    assertThat(texts(role.path("rules"), "resources")).containsExactly("secrets");
    assertThat(texts(role.path("rules"), "resourceNames")).containsExactly("ci-alerts");
    assertThat(texts(role.path("rules"), "verbs")).containsExactly("get");
    assertThat(rule.path("apiGroups").get(0).asText()).isEmpty();
    JsonNode binding = all(docs, "RoleBinding").get(0);
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
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(run.out())) {
      while (it.hasNextValue()) {
        docs.add(it.nextValue());
      }
    }
    return docs;
  }

  private static JsonNode seedPolicy() throws IOException {
    try (InputStream in = Objects.requireNonNull(ManifestsCommandTest.class.getClassLoader().getResourceAsStream("policies/seed.yaml"))) {
      return YAML.readTree(in);
    }
  }

  private static List<JsonNode> all(List<JsonNode> docs, String kind) {
    return docs.stream().filter(doc -> kind.equals(doc.path("kind").asText())).toList();
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> found = all(docs, kind);
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  /** Every text in the named list field of each element, e.g. all verbs of all rules. */
  private static List<String> texts(JsonNode elements, String field) {
    List<String> out = new ArrayList<>();
    elements.forEach(element -> element.path(field).forEach(value -> out.add(value.asText())));
    return out;
  }
}
