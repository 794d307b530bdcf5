package ai.rodytech.healer.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The on-call person's inbox: a Slack-compatible and a PagerDuty-compatible endpoint on loopback. The demo
 * points each policy's alert Secret here (one path per namespace), so what arrives is exactly what the operator's
 * alert channels sent over HTTP.
 */
public final class AlertInbox implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One alert as it arrived: the namespace from the URL path, the channel, a one-line summary of it, and the whole
   * text a person reads (Slack's text, PagerDuty's payload summary).
   */
  public record Received(String namespace, String channel, String summary, String text) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "demo-alert-inbox");
    t.setDaemon(true);
    return t;
  });
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();

  private AlertInbox() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public static AlertInbox start() {
    try {
      return new AlertInbox();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the demo's alert inbox on loopback", e);
    }
  }

  /** The URL a channel of {@code namespace} posts to; {@code channel} is slack or pagerduty. */
  public String url(String channel, String namespace) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + channel + "/" + namespace;
  }

  public List<Received> received(String namespace) {
    return received.stream().filter(r -> r.namespace().equals(namespace)).toList();
  }

  /** Calls {@code listener} with each alert that arrives, until the returned handle is closed. */
  public AutoCloseable onAlert(Consumer<Received> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] path = exchange.getRequestURI().getPath().split("/");
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (path.length == 3) {
        Received alert = new Received(path[2], path[1], summary(path[1], body), text(path[1], body));
        received.add(alert);
        listeners.forEach(l -> l.accept(alert));
      }
      byte[] reply = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(202, reply.length);
      exchange.getResponseBody().write(reply);
    }
  }

  /**
   * What a person reads first: the first sentence of Slack's text (what failed; the why follows in the message),
   * or PagerDuty's action on its incident key.
   */
  private static String summary(String channel, String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (channel.equals("pagerduty")) {
        return json.path("event_action").asText() + " " + json.path("dedup_key").asText();
      }
      String text = json.path("text").asText(body);
      int end = text.indexOf("). ");
      return end < 0 ? text : text.substring(0, end + 2);
    } catch (IOException e) {
      return body;
    }
  }

  private static String text(String channel, String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return channel.equals("pagerduty") ? json.path("payload").path("summary").asText("")
          : json.path("text").asText(body);
    } catch (IOException e) {
      return body;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
