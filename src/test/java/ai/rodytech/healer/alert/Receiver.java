package ai.rodytech.healer.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A local HTTP endpoint for one test: it records each request and answers from a script. */
final class Receiver implements AutoCloseable {

  /** One request as the receiver saw it. */
  record Request(String method, String path, String contentType, String body, long nanoTime) {}

  /** One scripted answer; a reply that holds waits until the test releases it (or the receiver closes). */
  record Reply(int status, String body, Map<String, String> headers, boolean hold) {
    static Reply of(int status, String body) {
      return new Reply(status, body, Map.of(), false);
    }

    static Reply withHeader(int status, String name, String value) {
      return new Reply(status, "", Map.of(name, value), false);
    }

    static Reply heldThen(int status) {
      return new Reply(status, "ok", Map.of(), true);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch firstRequest = new CountDownLatch(1);
  private volatile Reply otherwise = Reply.of(200, "ok");

  private Receiver(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  static Receiver start() throws IOException {
    return new Receiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  /** Answers the next requests with these, in order, then with the last one; replaces any earlier script. */
  Receiver replies(Reply... replies) {
    script.clear();
    for (Reply reply : replies) {
      script.add(reply);
    }
    otherwise = replies[replies.length - 1];
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  boolean awaitFirstRequest() throws InterruptedException {
    return firstRequest.await(10, TimeUnit.SECONDS);
  }

  void release() {
    release.countDown();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(
          new Request(
              exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
              exchange.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime()));
      firstRequest.countDown();
      Reply scripted = script.poll();
      Reply reply = scripted == null ? otherwise : scripted;
      if (reply.hold()) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException clientWentAway) {
      // a client that timed out closed the connection; nothing left to answer
    }
  }
}
