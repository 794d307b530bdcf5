package ai.rodytech.healer.operator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The few calls every heal makes (the dry run and the create of the corrective run, the incident's create and
 * status writes, its Event, the failed container's log), sent straight from the calling thread
 * ({@link BlockingHttp}: HTTP/1.1 on keep-alive connections, the caller writing and reading its own socket).
 *
 * <p>fabric8's client costs the caller about three times the CPU of the JDK's client with the same JSON for the
 * same call ({@code healer bench calls}: its asynchronous retry and timeout wrappers, interceptors, and the
 * hand-offs between its pools), and its own HTTP layer alone is most of that; the JDK's client in turn hands each
 * call to its selector and executor threads, which under a burst cost more than the bytes. Everything else
 * (watches, lists, rare writes) stays with fabric8.
 *
 * <p>These calls authenticate as the client does, from the same {@link Config} object: a bearer token (fabric8's
 * token refresh writes a renewed token into that object, and an {@link io.fabric8.kubernetes.client.OAuthTokenProvider}
 * is asked each time), basic credentials, client certificates and the cluster's CA (fabric8's own SSL set-up),
 * its User-Agent and custom headers. A call that fails on the way (no connection, a timeout), is refused 401 (a
 * token that expired since) or answered 429 or 5xx is sent once more through fabric8's HTTP layer, which refreshes
 * the token and retries with back-off as for any other call. A configuration this path does not reproduce (a
 * proxy, impersonation, an auth provider without a token yet, TLS without certificate or hostname verification)
 * sends every call through fabric8's HTTP layer.
 */
public final class ApiCalls {
  private static final Map<KubernetesClient, ApiCalls> BY_CLIENT = new WeakHashMap<>();
  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  /** A type's path around the namespace, worked out once: its annotations are read reflectively. */
  private static final ClassValue<String[]> COLLECTION_PARTS = new ClassValue<>() {
    @Override
    protected String[] computeValue(Class<?> type) {
      @SuppressWarnings("unchecked")
      Class<? extends HasMetadata> resource = (Class<? extends HasMetadata>) type;
      String group = HasMetadata.getGroup(resource);
      String root = group == null || group.isEmpty() ? "/api/" + HasMetadata.getVersion(resource)
          : "/apis/" + group + "/" + HasMetadata.getVersion(resource);
      return new String[] {root + "/namespaces/", "/" + HasMetadata.getPlural(resource)};
    }
  };

  private final Config config;
  private final String base;
  private final KubernetesSerialization json;
  private final io.fabric8.kubernetes.client.http.HttpClient fabric8;
  /** Null when every call goes through fabric8 ({@link #directReason} says why). */
  private final BlockingHttp direct;
  private final String directReason;
  private final AtomicLong resent = new AtomicLong();

  private ApiCalls(KubernetesClient client) {
    this.config = client.getConfiguration();
    this.base = client.getMasterUrl().toString().replaceAll("/+$", "");
    this.json = client.getKubernetesSerialization();
    this.fabric8 = client.getHttpClient();
    this.directReason = unsupported(config, base).orElse(null);
    this.direct = directReason == null ? blockingClient(config, base) : null;
  }

  /** The calls of {@code client}'s cluster, as that client authenticates (one instance per client). */
  public static ApiCalls of(KubernetesClient client) {
    synchronized (BY_CLIENT) {
      return BY_CLIENT.computeIfAbsent(client, ApiCalls::new);
    }
  }

  /** Whether calls go straight from the calling thread; empty when they do, else why not. */
  public Optional<String> throughFabric8() {
    return Optional.ofNullable(directReason);
  }

  /** Calls sent straight that were sent once more through fabric8 (no answer, 401, 429, 5xx) so far. */
  public long resentThroughFabric8() {
    return resent.get();
  }

  /** The path of {@code type}'s collection in {@code namespace}, e.g. /apis/batch/v1/namespaces/ci/jobs. */
  public static String collection(Class<? extends HasMetadata> type, String namespace) {
    String[] parts = COLLECTION_PARTS.get(type);
    return parts[0] + namespace + parts[1];
  }

  /**
   * POSTs {@code body} (a model object or a JSON tree) to the collection at {@code path}; with {@code dryRun}, as
   * {@code dryRun=All}. Returns the server's copy read as {@code readAs}, or null when {@code readAs} is null (the
   * answer is not read at all).
   *
   * @throws KubernetesClientException the server's refusal (its code and Status), or no answer (code -1, as fabric8)
   */
  public <T> T create(String path, Object body, boolean dryRun, Class<T> readAs) {
    return send("POST", path + (dryRun ? "?dryRun=All" : ""), "application/json", json.asJson(body), readAs);
  }

  /**
   * PUTs the JSON text at {@code path} (a resource's /status) and returns the resourceVersion the server gave the
   * written resource: the answer is scanned for it, not read into a model. Empty when the answer has none.
   */
  public Optional<String> replaceStatus(String path, String jsonText) {
    return resourceVersion(sendForBytes("PUT", path, "application/json", jsonText));
  }

  /** The top-level {@code metadata.resourceVersion} of a JSON object, read without building the object. */
  static Optional<String> resourceVersion(byte[] object) {
    try (JsonParser parser = JSON_FACTORY.createParser(object)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!"metadata".equals(field) || value != JsonToken.START_OBJECT) {
          parser.skipChildren();
          continue;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          JsonToken inner = parser.nextToken();
          if ("resourceVersion".equals(key) && inner == JsonToken.VALUE_STRING) {
            return Optional.of(parser.getText());
          }
          parser.skipChildren();
        }
        return Optional.empty();
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Lists the collection at {@code path} (e.g. {@link #collection}) with a label selector ({@code key=value}), read
   * as {@code listType}. The heal reads its evidence this way where no informer caches it (the engines' pods,
   * Tekton's TaskRuns).
   */
  public <L> L list(String path, String labelSelector, Class<L> listType) {
    return send("GET", path + "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8), null,
        null, listType);
  }

  /** A JSON merge patch of the object at {@code path}; the answer is not read. */
  public void mergePatch(String path, Object patch) {
    send("PATCH", path, "application/merge-patch+json", json.asJson(patch), null);
  }

  /** A streamed GET (e.g. a pod's log): the status code and the body, which the caller closes. */
  public record Stream(int code, InputStream body) {}

  /** GETs {@code pathAndQuery} as a stream; a failure on the way throws, any answer is returned. */
  public Stream stream(String pathAndQuery, Duration timeout) throws IOException {
    if (direct != null) {
      try {
        BlockingHttp.Response response = direct.send("GET", pathAndQuery, headers(null), null, timeout);
        if (!retryThroughFabric8(response.code())) {
          return new Stream(response.code(), response.body());
        }
        response.body().close();
      } catch (IOException e) {
        // sent again below, through fabric8 (its retries, its token refresh)
      }
      resent.incrementAndGet();
    }
    try {
      var response = fabric8.sendAsync(fabric8.newHttpRequestBuilder().uri(base + pathAndQuery).build(),
          InputStream.class).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Stream(response.code(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private <T> T send(String method, String pathAndQuery, String contentType, String body, Class<T> readAs) {
    byte[] answer = sendForBytes(method, pathAndQuery, contentType, body);
    return readAs == null ? null : json.unmarshal(new ByteArrayInputStream(answer), readAs);
  }

  /** The body of a 2xx answer; any other answer throws. */
  private byte[] sendForBytes(String method, String pathAndQuery, String contentType, String body) {
    Answer answer = null;
    if (direct != null) {
      answer = sendDirect(method, pathAndQuery, contentType, body);
    }
    if (answer == null || retryThroughFabric8(answer.code)) {
      if (direct != null) {
        resent.incrementAndGet();
      }
      answer = sendThroughFabric8(method, pathAndQuery, contentType, body);
    }
    if (answer.code < 200 || answer.code > 299) {
      throw failure(method, pathAndQuery, answer);
    }
    return answer.body;
  }

  private record Answer(int code, byte[] body) {}

  /** The answer, or null when the call failed on the way. */
  private Answer sendDirect(String method, String pathAndQuery, String contentType, String body) {
    try {
      BlockingHttp.Response response = direct.send(method, pathAndQuery,
          headers(body == null ? null : contentType), body == null ? null : body.getBytes(StandardCharsets.UTF_8),
          requestTimeout());
      return new Answer(response.code(), response.bytes());
    } catch (IOException e) {
      return null;
    }
  }

  private Answer sendThroughFabric8(String method, String pathAndQuery, String contentType, String body) {
    var builder = fabric8.newHttpRequestBuilder().uri(base + pathAndQuery);
    var request = body == null ? builder.build() : builder.method(method, contentType, body).build();
    try {
      var response = fabric8.sendAsync(request, byte[].class).get();
      return new Answer(response.code(), response.body() == null ? new byte[0] : response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted: " + method + " " + pathAndQuery, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new KubernetesClientException("Failure executing: " + method + " at: " + base + pathAndQuery + ". "
          + cause.getMessage(), cause);
    }
  }

  /** As fabric8 says it: the server's Status when the body is one, with the answer's code. */
  private KubernetesClientException failure(String method, String pathAndQuery, Answer answer) {
    Status status = null;
    try {
      status = json.unmarshal(new ByteArrayInputStream(answer.body), Status.class);
    } catch (RuntimeException e) {
      // not a Status (a proxy's page, an empty body): the code alone tells
    }
    if (status == null || !"Status".equals(status.getKind())) {
      status = new Status();
      status.setMessage(new String(answer.body, 0, Math.min(answer.body.length, 2048), StandardCharsets.UTF_8));
    }
    if (status.getCode() == null || status.getCode() == 0) {
      status.setCode(answer.code);
    }
    String message = "Failure executing: " + method + " at: " + base + pathAndQuery + ". Message: "
        + status.getMessage() + ".";
    return new KubernetesClientException(message, answer.code, status);
  }

  /** A token that expired since (401), throttling (429) and server errors: fabric8 refreshes and backs off. */
  private static boolean retryThroughFabric8(int code) {
    return code == 401 || code == 429 || code >= 500;
  }

  /** The headers fabric8 would send: its User-Agent, the custom ones, the credentials of now. */
  private List<BlockingHttp.Header> headers(String contentType) {
    List<BlockingHttp.Header> headers = new ArrayList<>(6);
    if (config.getUserAgent() != null) {
      headers.add(new BlockingHttp.Header("User-Agent", config.getUserAgent()));
    }
    if (config.getCustomHeaders() != null) {
      config.getCustomHeaders().forEach((name, value) -> headers.add(new BlockingHttp.Header(name, value)));
    }
    authorization(config).ifPresent(value -> headers.add(new BlockingHttp.Header("Authorization", value)));
    headers.add(new BlockingHttp.Header("Accept", "application/json, */*"));
    if (contentType != null) {
      headers.add(new BlockingHttp.Header("Content-Type", contentType));
    }
    return headers;
  }

  private Duration requestTimeout() {
    Integer millis = config.getRequestTimeout();
    return millis != null && millis > 0 ? Duration.ofMillis(millis) : Duration.ofSeconds(30);
  }

  /** As fabric8's token interceptor sets it: basic credentials, else the token provider's, the set or the found token. */
  static Optional<String> authorization(Config config) {
    if (notEmpty(config.getUsername()) && notEmpty(config.getPassword())) {
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(
          (config.getUsername() + ":" + config.getPassword()).getBytes(StandardCharsets.UTF_8)));
    }
    String token = config.getOauthTokenProvider() != null ? config.getOauthTokenProvider().getToken()
        : config.getOauthToken() != null ? config.getOauthToken() : config.getAutoOAuthToken();
    return notEmpty(token) ? Optional.of("Bearer " + token) : Optional.empty();
  }

  /** Why this path cannot send as fabric8 would, or empty. */
  static Optional<String> unsupported(Config config, String base) {
    boolean https = base.startsWith("https:");
    if (notEmpty(config.getHttpProxy()) || notEmpty(config.getHttpsProxy())) {
      return Optional.of("a proxy is configured");
    }
    if (notEmpty(config.getImpersonateUsername())) {
      return Optional.of("impersonation is configured");
    }
    if (https && (config.isTrustCerts() || config.isDisableHostnameVerification())) {
      return Optional.of("TLS without certificate or hostname verification is configured");
    }
    if (authorization(config).isEmpty() && config.getAuthProvider() != null) {
      return Optional.of("the token comes from an auth provider");
    }
    return Optional.empty();
  }

  private static BlockingHttp blockingClient(Config config, String base) {
    Integer connect = config.getConnectionTimeout();
    Duration connectTimeout = connect != null && connect > 0 ? Duration.ofMillis(connect) : Duration.ofSeconds(10);
    SSLContext tls = null;
    if (base.startsWith("https:")) {
      try {
        tls = SSLUtils.sslContext(config);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot set up TLS for the API server", e);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up TLS for the API server: " + e.getMessage(), e);
      }
    }
    return new BlockingHttp(URI.create(base), tls, connectTimeout);
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
