package ai.rodytech.healer.install;

import static ai.rodytech.healer.install.YamlDocs.all;
import static ai.rodytech.healer.install.YamlDocs.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.BuildInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, linted and rendered by Helm's own code: with the default values it describes the objects of
 * `healer manifests`, with other values the same as `healer manifests` with the matching options, and always
 * within the rules of {@link LeastPrivilege}.
 */
class HelmChartTest {
  private static final String NS = InstallOptions.DEFAULT_NAMESPACE;

  /** Chart values and the `healer manifests` options that should give the same objects. */
  record Case(String name, String namespace, Map<String, String> values, InstallOptions options, Set<String> secrets) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    InstallOptions defaults = InstallOptions.defaults();
    return Stream.of(
        new Case("defaults", NS, Map.of(), defaults, Set.of()),
        new Case(
            "a list of namespaces",
            NS,
            Map.of("watch.scope", "list", "watch.namespaces[0]", "ci", "watch.namespaces[1]", "web"),
            withWatched(defaults, NS, List.of("ci", "web")),
            Set.of()),
        new Case(
            "the release namespace only",
            "tools",
            Map.of("watch.scope", "release"),
            withWatched(defaults, "tools", List.of("tools")),
            Set.of()),
        new Case(
            "two alert Secrets",
            NS,
            Map.of(
                "alerts.secrets[0].namespace", "ci", "alerts.secrets[0].name", "ci-alerts",
                "alerts.secrets[1].namespace", "web", "alerts.secrets[1].name", "web-alerts"),
            new InstallOptions(
                NS, defaults.image(), defaults.llmSecret(),
                List.of(new InstallOptions.SecretRef("ci", "ci-alerts"), new InstallOptions.SecretRef("web", "web-alerts")),
                List.of()),
            Set.of("ci/ci-alerts", "web/web-alerts")));
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = HelmChart.lint();

    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
  }

  @Test
  void theChartInstallsThisVersion() throws IOException {
    JsonNode chart = YamlDocs.YAML.readTree(HelmChart.DIR.resolve("Chart.yaml").toFile());

    assertThat(chart.path("appVersion").asText()).as("Chart.yaml appVersion: the image tag it installs").isEqualTo(BuildInfo.version());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersTheObjectsOfHealerManifests(Case c) {
    List<JsonNode> chart = HelmChart.render(c.namespace(), c.values());
    List<JsonNode> manifests =
        YamlDocs.parse(InstallManifests.yaml(c.options())).stream()
            // helm install --create-namespace makes the namespace; the chart does not own it.
            .filter(doc -> !doc.path("kind").asText().equals("Namespace"))
            .toList();

    assertThat(ids(chart)).containsExactlyInAnyOrderElementsOf(ids(manifests));
    assertThat(LeastPrivilege.grantsByRole(chart)).isEqualTo(LeastPrivilege.grantsByRole(manifests));
    assertThat(LeastPrivilege.bindings(chart)).isEqualTo(LeastPrivilege.bindings(manifests));
    assertThat(operatorPod(chart)).isEqualTo(operatorPod(manifests));
    assertThat(only(chart, "Service").path("spec").path("ports")).isEqualTo(only(manifests, "Service").path("spec").path("ports"));
    assertThat(crds(chart)).as("the CRDs' specs").isEqualTo(crds(manifests));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void staysLeastPrivilege(Case c) {
    LeastPrivilege.check(HelmChart.render(c.namespace(), c.values()), c.secrets());
  }

  @Test
  void watchingAListGrantsARoleInEachNamespaceAndNoClusterRole() {
    List<JsonNode> docs = HelmChart.render(NS, Map.of("watch.scope", "list", "watch.namespaces[0]", "ci", "watch.namespaces[1]", "web"));

    assertThat(all(docs, "ClusterRole")).isEmpty();
    assertThat(all(docs, "ClusterRoleBinding")).isEmpty();
    assertThat(all(docs, "Role")).extracting(YamlDocs::id)
        .containsExactlyInAnyOrder("Role/ci/pipeline-healer", "Role/web/pipeline-healer", "Role/pipeline-healer/pipeline-healer-leader-election");
    assertThat(container(docs).path("args")).extracting(JsonNode::asText).contains("--namespace=ci,web");
  }

  @Test
  void theReleaseNamespaceOnly() {
    List<JsonNode> docs = HelmChart.render("tools", Map.of("watch.scope", "release"));

    assertThat(all(docs, "ClusterRole")).isEmpty();
    assertThat(all(docs, "Role")).extracting(YamlDocs::id)
        .containsExactlyInAnyOrder("Role/tools/pipeline-healer", "Role/tools/pipeline-healer-leader-election");
    assertThat(container(docs).path("args")).extracting(JsonNode::asText).containsExactly("run", "--leader-election", "--namespace=tools");
  }

  @Test
  void theLeaseIsGrantedInTheOperatorsNamespaceByName() {
    JsonNode role =
        all(HelmChart.render(NS, Map.of()), "Role").stream()
            .filter(r -> r.path("metadata").path("name").asText().endsWith("-leader-election"))
            .findFirst().orElseThrow();

    assertThat(role.path("metadata").path("namespace").asText()).isEqualTo(NS);
    assertThat(LeastPrivilege.grantsByRole(List.of(role)).values().iterator().next())
        .containsExactly(
            Map.entry("coordination.k8s.io/leases", List.of("create")),
            Map.entry("coordination.k8s.io/leases[pipeline-healer-leader]", List.of("get", "update")));
  }

  @Test
  void withoutLeaderElectionOneReplicaAndNoLeaseRole() {
    List<JsonNode> docs = HelmChart.render(NS, Map.of("leaderElection.enabled", "false", "replicas", "1"));

    assertThat(all(docs, "Role")).isEmpty();
    assertThat(container(docs).path("args")).extracting(JsonNode::asText).containsExactly("run");
    assertThat(only(docs, "Deployment").path("spec").path("replicas").asInt()).isEqualTo(1);
  }

  @Test
  void anLlmKeyComesFromAnExistingSecretAsAFile() {
    List<JsonNode> docs =
        HelmChart.render(NS, Map.of(
            "brain.llm.provider", "openai",
            "brain.llm.baseUrl", "http://vllm.llm.svc:8000/v1",
            "brain.llm.model", "qwen2.5-coder",
            "brain.llm.apiKeySecret.name", "openai-key",
            "brain.llm.apiKeySecret.key", "token"));
    JsonNode pod = only(docs, "Deployment").path("spec").path("template").path("spec");
    Map<String, String> env = env(container(docs));

    assertThat(env)
        .containsEntry("HEALER_LLM_PROVIDER", "openai")
        .containsEntry("HEALER_LLM_BASE_URL", "http://vllm.llm.svc:8000/v1")
        .containsEntry("HEALER_LLM_MODEL", "qwen2.5-coder")
        .containsEntry("HEALER_LLM_API_KEY_FILE", "/var/run/secrets/healer-llm/token")
        .doesNotContainKey("HEALER_LLM_API_KEY");
    JsonNode volume = pod.path("volumes").get(1);
    assertThat(volume.path("secret").path("secretName").asText()).isEqualTo("openai-key");
    assertThat(volume.path("secret").path("items")).hasSize(1);
    assertThat(volume.path("secret").path("items").get(0).path("key").asText()).isEqualTo("token");
    assertThat(container(docs).path("volumeMounts").get(1).path("readOnly").asBoolean()).isTrue();
    // The kubelet mounts the key: the operator itself gets no right on that Secret.
    LeastPrivilege.check(docs, Set.of());
    assertThat(all(docs, "Secret")).isEmpty();
  }

  @Test
  void noSettingsSecretMeansNoEnvFrom() {
    JsonNode container = container(HelmChart.render(NS, Map.of("brain.settingsSecret", "")));

    assertThat(container.has("envFrom")).isFalse();
  }

  @Test
  void theOptionalObjects() throws IOException {
    List<JsonNode> docs =
        HelmChart.render(NS, Map.of(
            "serviceMonitor.enabled", "true", "serviceMonitor.labels.release", "prom",
            "prometheusRule.enabled", "true",
            "podDisruptionBudget.enabled", "true",
            "dashboard.enabled", "true", "dashboard.namespace", "monitoring"));

    JsonNode monitor = only(docs, "ServiceMonitor");
    assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("prom");
    assertThat(monitor.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("http");
    assertThat(monitor.path("spec").path("selector").path("matchLabels"))
        .isEqualTo(only(docs, "Service").path("spec").path("selector"));
    assertThat(only(docs, "PrometheusRule").path("spec").path("groups").get(0).path("rules")).hasSize(5);
    assertThat(only(docs, "PodDisruptionBudget").path("spec").path("minAvailable").asInt()).isEqualTo(1);
    JsonNode dashboard = only(docs, "ConfigMap");
    assertThat(dashboard.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
    assertThat(dashboard.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
    assertThat(new ObjectMapper().readTree(dashboard.path("data").path("pipeline-healer.json").asText()))
        .isEqualTo(new ObjectMapper().readTree(Files.readString(HelmChart.DIR.resolve("files/dashboard.json"))));
    LeastPrivilege.check(docs, Set.of());
  }

  @Test
  void theDefaultsCreateNoOptionalObject() {
    assertThat(HelmChart.render(NS, Map.of()))
        .extracting(doc -> doc.path("kind").asText())
        .doesNotContain("ServiceMonitor", "PrometheusRule", "PodDisruptionBudget", "ConfigMap", "Secret");
  }

  @Test
  void badValuesFailWithAMessage() {
    assertThatThrownBy(() -> HelmChart.render(NS, Map.of("leaderElection.enabled", "false")))
        .hasMessageContaining("replicas > 1 needs leaderElection.enabled");
    assertThatThrownBy(() -> HelmChart.render(NS, Map.of("watch.scope", "list")))
        .hasMessageContaining("watch.namespaces is empty");
  }

  /** values.schema.json: Helm checks types, enums and key names before it renders anything. */
  @Test
  void theSchemaRefusesWrongValues() {
    assertThatThrownBy(() -> HelmChart.render(NS, Map.of("watch.scope", "some")))
        .hasMessageContaining("at '/watch/scope': value must be one of 'all', 'list', 'release'");
    assertThatThrownBy(() -> HelmChart.render(NS, Map.of("alerts.secrets[0].name", "ci-alerts")))
        .hasMessageContaining("at '/alerts/secrets/0'").hasMessageContaining("namespace");
    assertThatThrownBy(() -> HelmChart.render(NS, Map.of("replica", "3")))
        .as("a misspelt key").hasMessageContaining("'replica'");
    assertThatThrownBy(() -> HelmChart.render(NS, Map.of("logLevel", "LOUD"))).hasMessageContaining("at '/logLevel'");
    assertThatThrownBy(() -> HelmChart.render(NS, Map.of("brain.llm.provider", "gemini")))
        .hasMessageContaining("at '/brain/llm/provider'");
  }

  private static InstallOptions withWatched(InstallOptions options, String namespace, List<String> watched) {
    return new InstallOptions(namespace, options.image(), options.llmSecret(), options.alertSecrets(), watched);
  }

  private static List<String> ids(List<JsonNode> docs) {
    return docs.stream().map(YamlDocs::id).toList();
  }

  private static Map<String, JsonNode> crds(List<JsonNode> docs) {
    Map<String, JsonNode> specs = new TreeMap<>();
    all(docs, "CustomResourceDefinition").forEach(crd -> specs.put(crd.path("metadata").path("name").asText(), crd.path("spec")));
    return specs;
  }

  private static JsonNode container(List<JsonNode> docs) {
    return only(docs, "Deployment").path("spec").path("template").path("spec").path("containers").get(0);
  }

  /** What the pod runs and how; labels and annotations aside. */
  private static Map<String, JsonNode> operatorPod(List<JsonNode> docs) {
    JsonNode deployment = only(docs, "Deployment");
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    Map<String, JsonNode> out = new LinkedHashMap<>();
    out.put("replicas", deployment.path("spec").path("replicas"));
    for (String field : List.of("serviceAccountName", "securityContext", "volumes")) {
      out.put("pod." + field, pod.path(field));
    }
    assertThat(pod.path("containers")).hasSize(1);
    JsonNode container = pod.path("containers").get(0);
    for (String field : new ArrayList<>(List.of("name", "image", "imagePullPolicy", "args", "ports", "env", "envFrom",
        "livenessProbe", "readinessProbe", "resources", "securityContext", "volumeMounts"))) {
      out.put("container." + field, container.path(field));
    }
    return out;
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.path("env").forEach(var -> env.put(var.path("name").asText(), var.path("value").asText()));
    return env;
  }
}
