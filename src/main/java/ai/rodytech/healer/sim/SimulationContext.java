package ai.rodytech.healer.sim;

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
import java.util.function.Predicate;

/**
 * What the simulated job controller, TTL controller, scheduler and kubelet share: the calls they make (in
 * process), the thread pool their work runs on, the clock for the times they write, the speed that divides every delay, the pod logs, the
 * event recorder and the rule for images that cannot be pulled.
 */
final class SimulationContext {
  static final EventRecorder.Source JOB_CONTROLLER = new EventRecorder.Source("job-controller", null);
  static final EventRecorder.Source KUBELET = new EventRecorder.Source("kubelet", RunObjects.NODE);
  static final EventRecorder.Source SCHEDULER = new EventRecorder.Source("default-scheduler", null);

  final ClusterCalls calls;
  final ScheduledExecutorService pool;
  final Clock clock;
  final double speed;
  final PodLogStore logs;
  final EventRecorder events;
  final Predicate<String> unpullable;

  SimulationContext(ClusterCalls calls, ScheduledExecutorService pool, Clock clock, double speed,
      PodLogStore logs, Predicate<String> unpullable) {
    this.calls = calls;
    this.pool = pool;
    this.clock = clock;
    this.speed = speed;
    this.logs = logs;
    this.unpullable = unpullable;
    this.events = new EventRecorder(calls, clock, System::nanoTime, speed);
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
    ClusterCalls.Answer answer = calls.call(method, path, contentType, body);
    if (!answer.ok() && !(method.equals("DELETE") && answer.code() == 404)) {
      throw ClusterCalls.failure(method, path, answer);
    }
    return answer.code();
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
