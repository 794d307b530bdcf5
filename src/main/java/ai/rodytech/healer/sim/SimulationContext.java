package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What the simulated job controller, TTL controller, scheduler and kubelet share: the client, the thread pool
 * their work runs on, the clock for the times they write, the speed that divides every delay, the pod logs, the
 * event recorder and the rule for images that cannot be pulled.
 */
final class SimulationContext {
  static final EventRecorder.Source JOB_CONTROLLER = new EventRecorder.Source("job-controller", null);
  static final EventRecorder.Source KUBELET = new EventRecorder.Source("kubelet", RunObjects.NODE);
  static final EventRecorder.Source SCHEDULER = new EventRecorder.Source("default-scheduler", null);

  final KubernetesClient client;
  final ScheduledExecutorService pool;
  final Clock clock;
  final double speed;
  final PodLogStore logs;
  final EventRecorder events;
  final Predicate<String> unpullable;

  SimulationContext(KubernetesClient client, ScheduledExecutorService pool, Clock clock, double speed,
      PodLogStore logs, Predicate<String> unpullable) {
    this.client = client;
    this.pool = pool;
    this.clock = clock;
    this.speed = speed;
    this.logs = logs;
    this.unpullable = unpullable;
    this.events = new EventRecorder(client, clock, System::nanoTime, speed);
  }

  /** Runs {@code work} after {@code delay} divided by the speed; null when the pool is shut down. */
  ScheduledFuture<?> after(Duration delay, Runnable work) {
    try {
      return pool.schedule(work, (long) (delay.toNanos() / speed), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  /** Runs {@code work} on the pool soon; false when the pool is shut down. */
  boolean soon(Runnable work) {
    try {
      pool.execute(work);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Writes a whole status in one request without a resourceVersion, as a JSON patch that adds /status (an add
   * of an existing member replaces it), so that concurrent writes to the object never conflict. Sent directly:
   * fabric8's subresource patch reads the object first, which would double the requests.
   */
  void replaceStatus(String objectPath, Object status) {
    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(status) + "}]";
    send("PATCH", objectPath + "/status", "application/json-patch+json", patch);
  }

  /** DELETE with DeleteOptions (propagationPolicy, gracePeriodSeconds, preconditions); the answer's code. */
  int delete(String objectPath, Map<String, Object> options) {
    return send("DELETE", objectPath, "application/json", deleteBody(options));
  }

  private static String deleteBody(Map<String, Object> options) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "v1");
    body.put("kind", "DeleteOptions");
    body.putAll(options);
    return Serialization.asJson(body);
  }

  private int send(String method, String path, String contentType, String body) {
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder()
        .uri(client.getMasterUrl().toString().replaceAll("/$", "") + path)
        .method(method, contentType, body)
        .build();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted sending " + method + " " + path, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KubernetesClientException("cannot send " + method + " " + path, e);
    }
    if (!response.isSuccessful() && !(method.equals("DELETE") && response.code() == 404)) {
      throw new KubernetesClientException(
          method + " " + path + " answered " + response.code() + ": " + response.body(), response.code(), null);
    }
    return response.code();
  }

  /** {@code base}, doubled {@code doublings} times, at most {@code max}: a controller's exponential back-off. */
  static Duration doubled(Duration base, int doublings, Duration max) {
    Duration delay = base;
    for (int i = 0; i < doublings && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }

  static String podPath(String namespace, String name) {
    return "/api/v1/namespaces/" + namespace + "/pods/" + name;
  }

  static String jobPath(String namespace, String name) {
    return "/apis/batch/v1/namespaces/" + namespace + "/jobs/" + name;
  }
}
