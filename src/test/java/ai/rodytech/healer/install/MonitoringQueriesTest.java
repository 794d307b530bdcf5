package ai.rodytech.healer.install;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.alert.AlertDispatchers;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.llm.Brains;
import ai.rodytech.healer.llm.LlmSettings;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.HealthServer;
import ai.rodytech.healer.operator.OperatorClient;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import ai.rodytech.healer.sim.InProcessCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every metric the Grafana dashboard and the alert rules query is one a fresh operator exports: the real
 * operator (an LLM provider configured, alert channels wired, as `healer run` builds it) is started against the
 * in-process API server and its /metrics is scraped over HTTP before it has seen a single run.
 */
class MonitoringQueriesTest {
  /** Series Prometheus makes itself for each target. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");

  private static Set<String> exported;

  @BeforeAll
  static void scrapeAFreshOperator() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Redactor redactor = new SecretRedactor();
    // Configured, never called: nothing listens on port 9.
    Optional<LlmSettings> llm = LlmSettings.fromEnvironment(Map.of(
        "HEALER_LLM_PROVIDER", "openai", "HEALER_LLM_BASE_URL", "http://127.0.0.1:9/v1"));
    Brains brains = Brains.create(llm, new RulesBrain(SignatureCatalog.load(List.of()), redactor), redactor, registry);
    HealerOperator.Services services =
        new HealerOperator.Services(
            policy -> brains.forChoice(null), AlertDispatchers.standard(registry, redactor), redactor, registry,
            Clock.systemUTC());
    try (InProcessCluster cluster = InProcessCluster.start();
        HealerOperator operator =
            HealerOperator.start(OperatorClient.build(cluster.config()), OperatorSettings.defaults().forMockServer(), services);
        HealthServer http = new HealthServer(0, registry, () -> true)) {
      // What the policy reconciler does for each policy it sees: per-pipeline series start at zero.
      operator.metrics().guarding("ci", "backend-ci-build");
      HttpResponse<String> scrape =
          HttpClient.newHttpClient().send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      exported = new TreeSet<>();
      scrape.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
          .forEach(line -> exported.add(line.split("[{ ]", 2)[0]));
    }
  }

  static Stream<Arguments> queries() throws IOException {
    List<Arguments> queries = new ArrayList<>();
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(HelmChart.DIR.resolve("files/dashboard.json")));
    dashboard.findValues("expr").forEach(expr -> queries.add(Arguments.of("dashboard", expr.asText())));
    JsonNode rule = YamlDocs.only(HelmChart.render("pipeline-healer", Map.of("prometheusRule.enabled", "true")), "PrometheusRule");
    rule.findValues("expr").forEach(expr -> queries.add(Arguments.of("alert rules", expr.asText())));
    return queries.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("queries")
  void everyMetricAQueryReadsIsExported(String where, String expression) {
    Set<String> names = PromQl.metricNames(expression);

    assertThat(names).as("metric names in %s", expression).isNotEmpty();
    assertThat(names).allSatisfy(name -> assertThat(exported.contains(name) || PROMETHEUS_OWN.contains(name))
        .as("%s reads %s, which the operator does not export", where, name).isTrue());
  }

  /** docs/operations.md's table of metrics against what a fresh operator exports, both ways. */
  @Test
  void theOperationsGuideListsEveryMetricTheOperatorExports() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(healer_[a-z_]+)` \\|").matcher(
        Files.readString(Path.of("docs/operations.md")));
    while (row.find()) {
      documented.add(row.group(1));
    }
    Set<String> ours = new TreeSet<>();
    exported.stream().filter(name -> name.startsWith("healer_"))
        .map(name -> name.replaceAll("_(bucket|count|sum|max)$", "")).forEach(ours::add);

    assertThat(documented).as("documented in docs/operations.md").containsAll(ours);
    // Its reasons are not a closed set (the guard's, the dry run's, the brain's): a series is born at its first refusal.
    assertThat(documented).as("documented, not exported by a fresh operator").containsAll(ours)
        .filteredOn(name -> !ours.contains(name)).containsExactly("healer_guard_refusals_total");
  }

  /** What the issue asks the dashboard to show, each by the metric that carries it. */
  @Test
  void theDashboardShowsWhatTheIssueAsksFor() throws IOException {
    Set<String> used = new TreeSet<>();
    queries().filter(q -> q.get()[0].equals("dashboard")).forEach(q -> used.addAll(PromQl.metricNames((String) q.get()[1])));

    assertThat(used).contains(
        "healer_failures_seen_total", "healer_corrective_runs_total", "healer_pages_sent_total",
        "healer_time_to_corrective_run_seconds_bucket", "healer_time_to_green_seconds_bucket",
        "healer_heal_runs_finished_total", "healer_reruns_saved_total", "healer_pages_avoided_total",
        "healer_llm_calls_total", "healer_llm_tokens_total", "healer_llm_fallbacks_total", "healer_llm_circuit_state");
  }

  @Test
  void theAlertsCoverWhatTheIssueAsksFor() {
    JsonNode rules = YamlDocs.only(HelmChart.render("pipeline-healer", Map.of("prometheusRule.enabled", "true")), "PrometheusRule");
    Map<String, Set<String>> byAlert = new TreeMap<>();
    rules.path("spec").path("groups").forEach(group -> group.path("rules").forEach(rule ->
        byAlert.put(rule.path("alert").asText(), PromQl.metricNames(rule.path("expr").asText()))));

    assertThat(byAlert)
        .containsEntry("PipelineHealerDown", Set.of("up"))
        .containsEntry("PipelineHealerReconcileErrors", Set.of("healer_reconcile_errors_total"))
        .containsEntry("PipelineHealerHealSuccessRateLow", Set.of("healer_heal_runs_finished_total"))
        .containsEntry("PipelineHealerLlmCircuitOpen", Set.of("healer_llm_circuit_state"))
        .containsEntry("PipelineHealerAlertDeliveryFailing", Set.of("healer_alerts_total"));
  }

  /** The name finder itself, one expression shape per case. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void findsTheMetricNamesOfAnExpression(String expression, Set<String> names) {
    assertThat(PromQl.metricNames(expression)).containsExactlyInAnyOrderElementsOf(names);
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=\"$job\"}[$__rate_interval])))", Set.of("a_bucket")),
        Arguments.of("absent(up{job=\"x\", namespace=\"y\"} == 1)", Set.of("up")),
        Arguments.of("sum(increase(a_total{result=\"failed\"}[15m])) / sum(b_total) > 0.5 and c", Set.of("a_total", "b_total", "c")),
        Arguments.of("sum without (instance) (a) or vector(0)", Set.of("a")),
        Arguments.of("max by (state) (x:recorded:rate5m{state=\"open, closed\"}) unless on (job) group_left y", Set.of("x:recorded:rate5m", "y")));
  }
}
