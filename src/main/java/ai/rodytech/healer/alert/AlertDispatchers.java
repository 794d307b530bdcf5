package ai.rodytech.healer.alert;

import ai.rodytech.healer.core.redact.Redactor;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The dispatcher the operator runs with: its own small thread pool, default retries, secret redaction. */
public final class AlertDispatchers {
  private AlertDispatchers() {}

  public static AlertDispatcher standard(MeterRegistry registry, Redactor redactor) {
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "healer-alerts");
      t.setDaemon(true);
      return t;
    });
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(pool).build();
    return new AlertDispatcher(http, redactor, RetryPolicy.defaults(), pool, registry);
  }
}
