package ai.rodytech.healer.bench;

import ai.rodytech.healer.operator.ApiCalls;
import ai.rodytech.healer.operator.OperatorClient;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What one API call costs the caller: the same GET of a Job through the operator's fabric8 client, through the
 * JDK's HTTP client and through the heal's own path ({@link ApiCalls}: HTTP/1.1 in the calling thread), with Jackson
 * reading the body into the same model, side by side against the in-process API server. The loop benchmark's
 * profile put half of the operator's CPU in the transport; this tells how much of a call is the HTTP exchange
 * itself and how much the client library around it.
 */
public final class CallBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final String NAMESPACE = "calls";
  private static final String JOB = "build-1";

  /** Per-call figures of one way of calling, in microseconds. */
  public record Cost(String way, double wallMicros, double clientCpuMicros, double serverCpuMicros) {}

  /** One round: each way makes {@code calls} calls in turn, on one thread. */
  public record Round(List<Cost> costs) {}

  private CallBenchmark() {}

  /** Runs {@code rounds} rounds (the first ones warm the JIT) of {@code calls} GETs each way. */
  public static List<Round> run(int calls, int rounds) throws IOException, InterruptedException {
    List<Round> out = new ArrayList<>();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bench-jdk-http");
      t.setDaemon(true);
      return t;
    });
    try (InProcessCluster cluster = InProcessCluster.start();
        KubernetesClient fabric8 = OperatorClient.build(cluster.config())) {
      fabric8.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
          .build()).create();
      fabric8.resource(job()).create();
      HttpClient jdk = HttpClient.newBuilder().executor(pool).build();
      HttpRequest get = HttpRequest.newBuilder(URI.create(cluster.config().getMasterUrl().replaceAll("/$", "")
          + "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs/" + JOB)).build();
      var json = fabric8.getKubernetesSerialization();
      io.fabric8.kubernetes.client.http.HttpClient raw = fabric8.getHttpClient();
      ApiCalls direct = ApiCalls.of(fabric8);
      io.fabric8.kubernetes.client.http.HttpRequest rawGet = raw.newHttpRequestBuilder().uri(get.uri()).build();
      for (int r = 0; r < rounds; r++) {
        List<Cost> costs = new ArrayList<>();
        costs.add(measure("fabric8 client (the operator's)", calls,
            () -> fabric8.batch().v1().jobs().inNamespace(NAMESPACE).withName(JOB).get()));
        costs.add(measure("fabric8's HTTP layer + Jackson", calls, () -> {
          try {
            var response = raw.sendAsync(rawGet, byte[].class).get();
            return json.unmarshal(new ByteArrayInputStream(response.body()), Job.class);
          } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
          }
        }));
        costs.add(measure("JDK HTTP client + Jackson", calls, () -> {
          HttpResponse<byte[]> response = jdk.send(get, HttpResponse.BodyHandlers.ofByteArray());
          return json.unmarshal(new ByteArrayInputStream(response.body()), Job.class);
        }));
        costs.add(measure("ApiCalls (caller's thread) + Jackson", calls, () -> {
          ApiCalls.Stream response = direct.stream(get.uri().getRawPath(), java.time.Duration.ofSeconds(30));
          try (java.io.InputStream body = response.body()) {
            return json.unmarshal(new ByteArrayInputStream(body.readAllBytes()), Job.class);
          }
        }));
        out.add(new Round(costs));
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private interface Call {
    Job call() throws IOException, InterruptedException;
  }

  private static Cost measure(String way, int calls, Call call) throws IOException, InterruptedException {
    long[] before = cpu();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      if (call.call() == null) {
        throw new IllegalStateException(way + ": the Job was not found");
      }
    }
    long wall = System.nanoTime() - start;
    long[] after = cpu();
    return new Cost(way, wall / 1e3 / calls, (after[0] - before[0]) / 1e3 / calls,
        (after[1] - before[1]) / 1e3 / calls);
  }

  /** CPU nanoseconds of this JVM's threads: [0] everything but the API server's, [1] the API server's (Vert.x). */
  private static long[] cpu() {
    long[] sums = new long[2];
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu > 0) {
        sums[info.getThreadName().startsWith("vert.x") ? 1 : 0] += cpu;
      }
    }
    return sums;
  }

  private static Job job() {
    return new JobBuilder().withNewMetadata().withName(JOB).withNamespace(NAMESPACE).addToLabels("app", "build")
        .endMetadata().withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec()
        .addNewContainer().withName("build").withImage("node:20").withCommand("sh", "-c", "npm ci && npm test")
        .endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec().build();
  }
}
