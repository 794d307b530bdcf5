package ai.rodytech.healer.sim;

import ai.rodytech.healer.api.PipelineHistory;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API inside this JVM, on 127.0.0.1: the fabric8 mock server in CRUD mode with dry runs,
 * validation, an admission hook, pod logs and this project's two CRDs (see docs/simulation.md for what it does
 * and does not emulate). The operator connects to it like to any cluster.
 */
public final class InProcessCluster implements AutoCloseable {

  /** The namespace clients of this cluster default to. */
  public static final String DEFAULT_NAMESPACE = "default";

  private static final List<Class<? extends CustomResource<?, ?>>> PROJECT_CRDS =
      List.of(PipelineRecoveryPolicy.class, PipelineIncident.class, PipelineHistory.class);

  /** The CI engines' CRDs the simulated Tekton and Argo controllers serve (under {@code sim/crds/}). */
  static final List<String> ENGINE_CRDS =
      List.of(
          "pipelineruns.tekton.dev",
          "taskruns.tekton.dev",
          "pipelines.tekton.dev",
          "tasks.tekton.dev",
          "workflows.argoproj.io",
          "workflowtemplates.argoproj.io",
          "cronworkflows.argoproj.io");

  // MockWebServer logs every request through java.util.logging at INFO, which costs milliseconds per call.
  // JUL holds loggers weakly, so the configured one is kept here.
  private static final Logger MOCK_SERVER_LOG = quiet(MockWebServer.class.getName());

  private final KubernetesMockServer server;
  private final SimulatedApiDispatcher dispatcher;
  private final PodLogStore podLogs = new PodLogStore();
  private final RequestLog requests = new RequestLog();
  private final KubernetesClient client;

  private InProcessCluster() {
    MockWebServer web = new MockWebServer();
    dispatcher = new SimulatedApiDispatcher(requests, podLogs, () -> forgetOneRequest(web));
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), web, new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = newClient();
  }

  /**
   * Starts a cluster on a free port of 127.0.0.1 with this project's CRDs and the Tekton and Argo Workflows
   * CRDs installed.
   */
  public static InProcessCluster start() {
    InProcessCluster cluster = new InProcessCluster();
    try {
      PROJECT_CRDS.forEach(type -> cluster.client.resource(crdOf(type)).create());
      ENGINE_CRDS.forEach(name -> cluster.client.resource(engineCrd(name)).create());
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    cluster.requests.reset();
    return cluster;
  }

  /** The API server's URL, e.g. http://127.0.0.1:41234/. */
  public String url() {
    // Not server.url(): it names the host "localhost", which may resolve to ::1 where only 127.0.0.1 listens.
    return "http://127.0.0.1:" + server.getPort() + "/";
  }

  /** A client configuration for this cluster that ignores any kubeconfig on the machine. */
  public Config config() {
    return clientConfig(url());
  }

  /** A client configuration for the in-process cluster at {@code url}, e.g. from another JVM. */
  public static Config clientConfig(String url) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace(DEFAULT_NAMESPACE)
        .withHttp2Disable(true)
        .withTrustCerts(true)
        .build();
  }

  /** The cluster's own client, closed with the cluster; do not close it yourself. */
  public KubernetesClient client() {
    return client;
  }

  /** A new client of this cluster; the caller closes it (the operator closes its client when it stops). */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The container logs the pod log endpoint serves. */
  public PodLogStore podLogs() {
    return podLogs;
  }

  /** Counts of the API calls served since start (the cluster's own set-up calls excluded). */
  public RequestLog requests() {
    return requests;
  }

  /**
   * Serves one call inside this JVM, without HTTP, as from a client whose User-Agent is {@code agent}: the
   * simulated controllers' way ({@link ClusterCalls#inProcess}). Not for watches or pod logs.
   */
  ClusterCalls.Answer direct(String method, String path, String contentType, String body, String agent) {
    Headers.Builder headers = Headers.builder().add("User-Agent", agent);
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    headers.add("Content-Length", String.valueOf(bytes.length));
    MockResponse response = dispatcher.serve(
        new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path, headers.build(), new Buffer(bytes)));
    Buffer answer = response.getBody();
    return new ClusterCalls.Answer(response.code(),
        answer == null ? "" : new String(answer.getBytes(), StandardCharsets.UTF_8));
  }

  /**
   * Watches, from inside this JVM, the objects a list at {@code path} gives ({@code /api/v1/pods},
   * {@code /apis/batch/v1/namespaces/ci/jobs}): {@code handler} hears each one now stored as ADDED, then each
   * change (ADDED, MODIFIED, DELETED) with the object's JSON as stored, in the store's order, on a thread of the
   * watch's own. The simulated controllers' way: no WebSocket, no client, no reading the JSON twice. It has no
   * resourceVersion to resume from and is never closed by the server (no 410 after a compaction); close it to stop.
   */
  public InProcessWatch watch(String path, BiConsumer<Watcher.Action, String> handler) {
    return dispatcher.watch(path, handler);
  }

  /**
   * Compacts the API server's history up to now, as etcd does every few minutes: from then on a watch from an
   * older resourceVersion and a list continued with an older token are answered 410 (Expired).
   */
  public void compact() {
    dispatcher.compact();
  }

  /** Replaces the admission policy (null restores admit-all). */
  public void setAdmission(AdmissionPolicy policy) {
    dispatcher.setAdmission(policy);
  }

  @Override
  public void close() {
    dispatcher.closeWatches();
    client.close();
    server.destroy();
  }

  private static void forgetOneRequest(MockWebServer web) {
    try {
      web.takeRequest(0, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.WARNING);
    return logger;
  }

  private static CustomResourceDefinition engineCrd(String name) {
    String resource = "sim/crds/" + name + ".yaml";
    try (InputStream yaml = InProcessCluster.class.getClassLoader().getResourceAsStream(resource)) {
      if (yaml == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * The CRD the crd-generator plugin wrote for {@code type}; when absent (a build that skipped
   * process-classes), one derived from the class with a status subresource, which is what the mock needs.
   */
  static CustomResourceDefinition crdOf(Class<? extends CustomResource<?, ?>> type) {
    String resource = "META-INF/fabric8/" + CustomResource.getCRDName(type) + "-v1.yml";
    try (InputStream yaml = InProcessCluster.class.getClassLoader().getResourceAsStream(resource)) {
      if (yaml != null) {
        return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext.v1CRDFromCustomResourceType(type)
        .editSpec()
        .editFirstVersion()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .endVersion()
        .endSpec()
        .build();
  }
}
