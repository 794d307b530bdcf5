package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.api.PipelineIncident;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heal's calls sent straight from the calling thread ({@link BlockingHttp}): what reaches the server
 * (credentials, agent, headers, body), how refusals become fabric8's exceptions, and when a call goes through
 * fabric8's HTTP layer instead. Against a small HTTP(S) server that records every request and answers from a script.
 */
class ApiCallsTest {
  private static final String PATH = "/api/v1/namespaces/ci/configmaps";

  private final Recorder server = new Recorder();
  private KubernetesClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  @Test
  void sendsTheClientsTokenAgentAndHeadersAndTheBodyAsJson() {
    server.answer(201, configMapJson("made"));
    ApiCalls calls = calls(c -> c.withOauthToken("t0k3n").withUserAgent("healer-test")
        .withCustomHeaders(Map.of("X-Tenant", "blue")));

    ConfigMap created = calls.create(PATH, configMap("asked"), false, ConfigMap.class);

    assertThat(calls.throughFabric8()).isEmpty();
    assertThat(calls.resentThroughFabric8()).isZero();
    assertThat(created.getMetadata().getName()).isEqualTo("made");
    Seen request = server.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo(PATH);
    assertThat(request.header("Authorization")).isEqualTo("Bearer t0k3n");
    assertThat(request.header("User-Agent")).isEqualTo("healer-test");
    assertThat(request.header("X-Tenant")).isEqualTo("blue");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.body()).contains("\"name\":\"asked\"").startsWith("{");
  }

  @Test
  void aClusterBehindAPathKeepsItsPathAndTheCallsShareOneConnection() {
    server.answer(201, "{}");
    server.answer(200, "{}");
    ApiCalls calls = calls(c -> c.withMasterUrl(server.url() + "k8s/clusters/c-1/"));

    calls.create(PATH, configMap("a"), true, null);
    calls.replaceStatus(PATH + "/a/status", "{}");

    assertThat(calls.throughFabric8()).isEmpty();
    assertThat(server.seen).extracting(Seen::uri)
        .containsExactly("/k8s/clusters/c-1" + PATH + "?dryRun=All", "/k8s/clusters/c-1" + PATH + "/a/status");
    assertThat(server.seen).extracting(Seen::connection).containsOnly(server.seen.get(0).connection());
  }

  @Test
  void basicCredentialsWhenTheConfigurationHasThem() {
    server.answer(200, configMapJson("x"));
    calls(c -> c.withUsername("ann").withPassword("s3cret")).replaceStatus(PATH + "/x/status", "{}");

    assertThat(server.only().header("Authorization")).isEqualTo("Basic YW5uOnMzY3JldA==");
  }

  @Test
  void aTokenRenewedInTheConfigurationIsUsedByTheNextCall() {
    server.answer(201, "{}");
    server.answer(201, "{}");
    ApiCalls calls = calls(c -> c.withAutoOAuthToken("first"));
    calls.create(PATH, configMap("a"), false, null);
    client.getConfiguration().setAutoOAuthToken("second"); // what fabric8's token refresh does

    calls.create(PATH, configMap("b"), false, null);

    assertThat(server.seen).extracting(s -> s.header("Authorization")).containsExactly("Bearer first", "Bearer second");
  }

  @Test
  void aStatusWriteSendsTheTextAsItIsAndReadsOnlyTheNewVersion() {
    server.answer(200, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"resourceVersion\":\"not this\"},"
        + "\"metadata\":{\"labels\":{\"resourceVersion\":\"nor this\"},\"name\":\"a\",\"resourceVersion\":\"42\"},"
        + "\"status\":{}}");
    server.answer(200, "{\"metadata\":{\"name\":\"a\"}}");
    server.answer(200, "not json");
    ApiCalls calls = calls(UnaryOperator.identity());

    assertThat(calls.replaceStatus(PATH + "/a/status", "{\"status\":{\"x\":1}}")).contains("42");
    assertThat(calls.replaceStatus(PATH + "/a/status", "{}")).isEmpty();
    assertThat(calls.replaceStatus(PATH + "/a/status", "{}")).isEmpty();
    assertThat(server.seen.get(0).method()).isEqualTo("PUT");
    assertThat(server.seen.get(0).body()).isEqualTo("{\"status\":{\"x\":1}}");
  }

  @Test
  void aListIsAGetWithItsLabelSelectorReadAsTheListType() {
    server.answer(200, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMapList\",\"metadata\":{},\"items\":["
        + configMapJson("a") + "," + configMapJson("b") + "]}");

    io.fabric8.kubernetes.api.model.ConfigMapList listed = calls(c -> c.withOauthToken("t"))
        .list(PATH, "tekton.dev/pipelineRun=build-1", io.fabric8.kubernetes.api.model.ConfigMapList.class);

    assertThat(listed.getItems()).extracting(m -> m.getMetadata().getName()).containsExactly("a", "b");
    Seen request = server.only();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.uri()).isEqualTo(PATH + "?labelSelector=tekton.dev%2FpipelineRun%3Dbuild-1");
    assertThat(request.body()).isEmpty();
    assertThat(request.header("Authorization")).isEqualTo("Bearer t");
  }

  @Test
  void aDryRunAsksForDryRunAllAndTheAnswerIsNotRead() {
    server.answer(201, "not json at all");

    Object answer = calls(UnaryOperator.identity()).create(PATH, configMap("a"), true, null);

    assertThat(answer).isNull();
    assertThat(server.only().uri()).isEqualTo(PATH + "?dryRun=All");
  }

  @Test
  void aRefusalBecomesFabric8sExceptionWithTheServersStatus() {
    server.answer(409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"AlreadyExists\","
        + "\"message\":\"configmaps \\\"a\\\" already exists\",\"code\":409}");

    assertThatThrownBy(() -> calls(UnaryOperator.identity()).create(PATH, configMap("a"), false, ConfigMap.class))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"a\" already exists");
          assertThat(e.getMessage()).contains("POST").contains(PATH).contains("already exists");
        });
    assertThat(server.seen).hasSize(1); // a refusal is an answer: not sent again
  }

  @Test
  void aRefusalThatIsNoStatusKeepsItsCodeAndText() {
    server.answer(422, "<html>bad gateway page</html>");

    assertThatThrownBy(() -> calls(UnaryOperator.identity()).replaceStatus(PATH + "/a/status", "{}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).isEqualTo("<html>bad gateway page</html>");
        });
  }

  @Test
  void anExpiredTokenOrAServerErrorIsSentOnceMoreThroughFabric8() {
    server.answer(401, "{\"kind\":\"Status\",\"code\":401}");
    server.answer(201, configMapJson("a"));
    server.answer(503, "busy");
    server.answer(200, "{}");
    ApiCalls calls = calls(c -> c.withOauthToken("t"));

    assertThat(calls.create(PATH, configMap("a"), false, ConfigMap.class).getMetadata().getName()).isEqualTo("a");
    calls.mergePatch(PATH + "/a", Map.of("data", Map.of("k", "v")));

    assertThat(server.seen).extracting(Seen::method).containsExactly("POST", "POST", "PATCH", "PATCH");
    assertThat(calls.resentThroughFabric8()).isEqualTo(2);
    assertThat(server.seen.get(3).header("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(server.seen.get(3).body()).isEqualTo("{\"data\":{\"k\":\"v\"}}");
  }

  @Test
  void noAnswerAtAllIsAnExceptionWithoutACodeAsFabric8Gives() {
    ApiCalls calls = calls(UnaryOperator.identity());
    server.close();

    assertThatThrownBy(() -> calls.create(PATH, configMap("a"), false, null))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(-1));
  }

  @Test
  void aStreamReturnsTheAnswerWhateverItsCode() throws IOException {
    server.answer(200, "line 1\nline 2\n");
    server.answer(400, "previous terminated container not found");
    ApiCalls calls = calls(UnaryOperator.identity());

    ApiCalls.Stream ok = calls.stream("/api/v1/namespaces/ci/pods/p/log?container=c", Duration.ofSeconds(5));
    ApiCalls.Stream refused = calls.stream("/api/v1/namespaces/ci/pods/p/log?previous=true", Duration.ofSeconds(5));

    try (InputStream a = ok.body(); InputStream b = refused.body()) {
      assertThat(ok.code()).isEqualTo(200);
      assertThat(new String(a.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\n");
      assertThat(refused.code()).isEqualTo(400);
      assertThat(new String(b.readAllBytes(), StandardCharsets.UTF_8)).contains("previous terminated");
    }
    assertThat(server.seen).extracting(Seen::method).containsExactly("GET", "GET");
    assertThat(calls.resentThroughFabric8()).isZero();
  }

  @Test
  void whatThisPathDoesNotReproduceGoesThroughFabric8() {
    assertThat(ApiCalls.unsupported(new ConfigBuilder(Config.empty()).withHttpsProxy("http://proxy:3128").build(),
        "https://k8s")).contains("a proxy is configured");
    assertThat(ApiCalls.unsupported(new ConfigBuilder(Config.empty()).withImpersonateUsername("bob").build(),
        "https://k8s")).contains("impersonation is configured");
    assertThat(ApiCalls.unsupported(new ConfigBuilder(Config.empty()).withTrustCerts(true).build(), "https://k8s"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("verification"));
    assertThat(ApiCalls.unsupported(new ConfigBuilder(Config.empty()).withTrustCerts(true).build(), "http://k8s"))
        .isEmpty();
    assertThat(ApiCalls.unsupported(new ConfigBuilder(Config.empty()).withOauthToken("t").build(), "https://k8s"))
        .isEmpty();

    server.answer(201, "{}");
    ApiCalls calls = calls(c -> c.withImpersonateUsername("bob").withOauthToken("t"));
    calls.create(PATH, configMap("a"), false, null);

    assertThat(calls.throughFabric8()).contains("impersonation is configured");
    assertThat(server.only().header("Impersonate-User")).isEqualTo("bob");
  }

  @Test
  void theCollectionOfATypeIsItsGroupVersionAndPlural() {
    assertThat(ApiCalls.collection(Job.class, "ci")).isEqualTo("/apis/batch/v1/namespaces/ci/jobs");
    assertThat(ApiCalls.collection(Event.class, "ci")).isEqualTo("/api/v1/namespaces/ci/events");
    assertThat(ApiCalls.collection(PipelineIncident.class, "ci"))
        .isEqualTo("/apis/rodytech.ai/v1alpha1/namespaces/ci/pipelineincidents");
  }

  @Test
  void overTlsTheClusterCaIsTrustedAndTheHostnameChecked(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path ca = dir.resolve("ca.crt");
    keytool("-genkeypair", "-alias", "api", "-keyalg", "EC", "-dname", "CN=kubernetes", "-ext", "san=ip:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "api", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-file", ca.toString());
    server.close();
    try (Recorder tls = Recorder.tls(keystore, "changeit")) {
      tls.answer(201, configMapJson("a"));
      tls.answer(201, configMapJson("b"));
      ApiCalls calls = ApiCalls.of(client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
          .withMasterUrl(tls.url()).withCaCertFile(ca.toString()).withOauthToken("t").withRequestRetryBackoffLimit(0)
          .build()).build());

      assertThat(calls.create(PATH, configMap("a"), false, ConfigMap.class).getMetadata().getName()).isEqualTo("a");
      assertThat(calls.throughFabric8()).isEmpty();
      assertThat(calls.resentThroughFabric8()).as("sent straight, over TLS").isZero();
      assertThat(tls.only().header("Authorization")).isEqualTo("Bearer t");

      try (KubernetesClient untrusting = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
          .withMasterUrl(tls.url()).withRequestRetryBackoffLimit(0).build()).build()) {
        assertThatThrownBy(() -> ApiCalls.of(untrusting).create(PATH, configMap("b"), false, null))
            .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(-1));
      }
    }
  }

  private ApiCalls calls(UnaryOperator<ConfigBuilder> settings) {
    Config config = settings.apply(new ConfigBuilder(Config.empty()).withMasterUrl(server.url())
        .withRequestRetryBackoffLimit(0).withHttp2Disable(true)).build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    return ApiCalls.of(client);
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("ci").endMetadata()
        .addToData("k", "v").build();
  }

  private static String configMapJson(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"ci\",\"resourceVersion\":\"7\"}}";
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  /** One request as the server saw it. */
  /** A request; {@code connection} is the client's port, one per connection. */
  record Seen(String method, String uri, Map<String, List<String>> headers, String body, int connection) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  /** An HTTP(S) server on loopback that records requests and gives the scripted answers in turn. */
  static final class Recorder implements AutoCloseable {
    private final HttpServer http;
    private final Deque<Object[]> answers = new ArrayDeque<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private boolean closed;

    Recorder() {
      this(null);
    }

    private Recorder(SSLContext tls) {
      try {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
          http = HttpServer.create(loopback, 0);
        } else {
          HttpsServer https = HttpsServer.create(loopback, 0);
          https.setHttpsConfigurator(new HttpsConfigurator(tls));
          http = https;
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      http.createContext("/", this::handle);
      http.start();
    }

    static Recorder tls(Path keystore, String password) throws Exception {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = new FileInputStream(keystore.toFile())) {
        store.load(in, password.toCharArray());
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return new Recorder(context);
    }

    void answer(int code, String body) {
      synchronized (answers) {
        answers.add(new Object[] {code, body});
      }
    }

    String url() {
      String scheme = http instanceof HttpsServer ? "https" : "http";
      return scheme + "://127.0.0.1:" + http.getAddress().getPort() + "/";
    }

    Seen only() {
      assertThat(seen).hasSize(1);
      return seen.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
      seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          Map.copyOf(exchange.getRequestHeaders()),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
          exchange.getRemoteAddress().getPort()));
      Object[] answer;
      synchronized (answers) {
        answer = answers.isEmpty() ? new Object[] {500, "no answer scripted"} : answers.poll();
      }
      byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders((int) answer[0], body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        http.stop(0);
      }
    }
  }
}
