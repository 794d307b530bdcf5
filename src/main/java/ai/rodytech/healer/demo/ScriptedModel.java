package ai.rodytech.healer.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A stand-in for an OpenAI-compatible model on loopback that answers every chat completion with the same tool
 * call. The demo has no real model; this one always proposes what the demo needs to show the guard refusing.
 */
public final class ScriptedModel implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "demo-scripted-model");
    t.setDaemon(true);
    return t;
  });
  private final String reply;
  private final AtomicInteger calls = new AtomicInteger();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final String proposal;

  private ScriptedModel(String tool, String arguments) throws IOException {
    this.reply = completion(tool, arguments);
    this.proposal = describe(tool, arguments);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** A model that calls {@code tool} with {@code arguments} (a JSON object as text) on every request. */
  public static ScriptedModel alwaysCalling(String tool, String arguments) {
    try {
      return new ScriptedModel(tool, arguments);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the demo's scripted model on loopback", e);
    }
  }

  /** The base URL an OpenAI client is given (HEALER_LLM_BASE_URL). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public int calls() {
    return calls.get();
  }

  /** Calls {@code listener} with the proposal each time the model is asked, until the handle is closed. */
  public AutoCloseable onCall(Consumer<String> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      calls.incrementAndGet();
      listeners.forEach(l -> l.accept(proposal));
      byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** The call as a person reads it: the tool, its arguments, and the model's reason last. */
  private static String describe(String tool, String arguments) {
    StringBuilder text = new StringBuilder(tool);
    try {
      JsonNode args = JSON.readTree(arguments);
      args.properties().forEach(f -> {
        if (!f.getKey().equals("reason")) {
          text.append(' ').append(f.getKey()).append('=').append(f.getValue().asText());
        }
      });
      return text.append(args.has("reason") ? " (\"" + args.get("reason").asText() + "\")" : "").toString();
    } catch (IOException e) {
      return tool + " " + arguments;
    }
  }

  /** A /v1/chat/completions answer whose one choice is a tool call, as the OpenAI API writes it. */
  private static String completion(String tool, String arguments) {
    ObjectNode root = JSON.createObjectNode()
        .put("id", "chatcmpl-demo").put("object", "chat.completion").put("created", 1_700_000_000L)
        .put("model", "scripted-demo-model");
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls");
    ObjectNode message = choice.putObject("message").put("role", "assistant").putNull("content");
    ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_0").put("type", "function");
    call.putObject("function").put("name", tool).put("arguments", arguments);
    root.putObject("usage").put("prompt_tokens", 900).put("completion_tokens", 60).put("total_tokens", 960);
    return root.toString();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
