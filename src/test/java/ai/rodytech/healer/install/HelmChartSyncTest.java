package ai.rodytech.healer.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files of the chart written from the code, and copies under deploy/monitoring for those who install without
 * Helm. Refreshed like the CRDs: {@value CommittedFile#REFRESH_COMMAND}.
 */
class HelmChartSyncTest {
  static final Path MONITORING = Path.of("deploy", "monitoring");
  private static final ObjectMapper RULES_YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  @Test
  void theChartGrantsTheRulesOfOperatorRbac() throws IOException {
    CommittedFile.assertUpToDate(
        HelmChart.DIR.resolve("files/rbac/watch-rules.yaml"), rulesFile(OperatorRbac.watchRules()));
    CommittedFile.assertUpToDate(
        HelmChart.DIR.resolve("files/rbac/leader-election-rules.yaml"), rulesFile(OperatorRbac.leaderElectionRules()));
  }

  @Test
  void deployHoldsTheChartsDashboard() throws IOException {
    String dashboard = Files.readString(HelmChart.DIR.resolve("files/dashboard.json"), StandardCharsets.UTF_8);
    CommittedFile.assertUpToDate(MONITORING.resolve("pipeline-healer-dashboard.json"), dashboard);
  }

  /** The PrometheusRule as the chart renders it with the default release name and namespace. */
  @Test
  void deployHoldsTheChartsAlertRules() throws IOException {
    String rendered = HelmChart.template(HelmChart.RELEASE, Map.of("prometheusRule.enabled", "true"));
    List<String> rule =
        Arrays.stream(rendered.split("(?m)^---\\n"))
            .filter(doc -> doc.contains("\nkind: PrometheusRule\n"))
            .toList();
    assertThat(rule).hasSize(1);

    CommittedFile.assertUpToDate(MONITORING.resolve("pipeline-healer-rules.yaml"), rule.get(0));
  }

  private static String rulesFile(List<PolicyRule> rules) throws IOException {
    return "# Written from OperatorRbac.java by HelmChartSyncTest; change the Java, then refresh. Do not edit.\n"
        + RULES_YAML.writeValueAsString(rules);
  }
}
