package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.operator.report.HealerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The Deployment's probes and Prometheus scrape, over real HTTP. */
class HealthServerTest {

  @Test
  void servesProbesAndTheOperatorsMetrics() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HealerMetrics metrics = new HealerMetrics(registry);
    metrics.failureSeen("ci", "backend-ci-build");
    metrics.heal("retry_stage", "created");
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HealthServer server = new HealthServer(0, registry, ready::get)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200);
      String scrape = get(http, base + "/metrics").body();
      assertThat(scrape)
          .contains("healer_failures_seen_total{namespace=\"ci\",pipeline=\"backend-ci-build\"} 1.0")
          .contains("healer_heals_total{outcome=\"created\",strategy=\"retry_stage\"} 1.0");
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
