package ai.rodytech.healer.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 speaking whatever a test scripts: replies are served in order, or computed
 * from the request, and every request is recorded for inspection.
 */
public final class ScriptedLlmServer implements AutoCloseable {

  /** One scripted HTTP reply. */
  public record Reply(int status, String body, Duration delay) {
    public static Reply ok(String body) {
      return new Reply(200, body, Duration.ZERO);
    }

    static Reply status(int status) {
      return new Reply(status, "{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}", Duration.ZERO);
    }

    static Reply slow(String body, Duration delay) {
      return new Reply(200, body, delay);
    }
  }

  /** One request as the server saw it. */
  public record Request(String method, String path, String body, String authorization, String apiKeyHeader) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();
  private Function<Request, Reply> responder;

  private ScriptedLlmServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static ScriptedLlmServer start() {
    try {
      return new ScriptedLlmServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Replies served in order, one per request. */
  public synchronized ScriptedLlmServer enqueue(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** Replies computed from each request, once the queue is empty. */
  synchronized ScriptedLlmServer respondWith(Function<Request, Reply> responder) {
    this.responder = responder;
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            body,
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("x-api-key"));
    Reply reply;
    synchronized (this) {
      requests.add(request);
      reply = !script.isEmpty() ? script.removeFirst() : responder != null ? responder.apply(request) : null;
    }
    if (reply == null) {
      reply = new Reply(599, "{\"error\":\"no scripted reply left\"}", Duration.ZERO);
    }
    try {
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client gave up (a timeout test): nothing to answer.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
