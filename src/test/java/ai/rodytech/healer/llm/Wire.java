package ai.rodytech.healer.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Provider wire formats, written as the real APIs write them, and read back from recorded requests. */
public final class Wire {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A tool call as a model would make it; arguments as raw text, so tests can send garbage. */
  public record Call(String name, String arguments) {}

  /** What a request carried: the system prompt, the user message and the names of the offered tools. */
  record Sent(String system, String user, List<String> toolNames, JsonNode tools) {}

  private Wire() {}

  public static Call call(String name, String arguments) {
    return new Call(name, arguments);
  }

  // --- OpenAI /v1/chat/completions

  public static String openAiToolCalls(int promptTokens, int completionTokens, Call... calls) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant").putNull("content");
    ArrayNode toolCalls = message.putArray("tool_calls");
    int i = 0;
    for (Call call : calls) {
      ObjectNode toolCall = toolCalls.addObject().put("id", "call_" + i++).put("type", "function");
      toolCall.putObject("function").put("name", call.name()).put("arguments", call.arguments());
    }
    return openAiCompletion(message, "tool_calls", promptTokens, completionTokens);
  }

  static String openAiText(String text) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text);
    return openAiCompletion(message, "stop", 300, 20);
  }

  private static String openAiCompletion(ObjectNode message, String finishReason, int in, int out) {
    ObjectNode root =
        JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1_700_000_000)
            .put("model", "gpt-4o-mini");
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.put("finish_reason", finishReason);
    root.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
    return root.toString();
  }

  static Sent openAiSent(String body) {
    JsonNode root = read(body);
    String system = "";
    String user = "";
    for (JsonNode message : root.path("messages")) {
      if (message.path("role").asText().equals("system")) {
        system = message.path("content").asText();
      } else if (message.path("role").asText().equals("user")) {
        user = message.path("content").asText();
      }
    }
    List<String> names = new ArrayList<>();
    root.path("tools").forEach(t -> names.add(t.path("function").path("name").asText()));
    return new Sent(system, user, names, root.path("tools"));
  }

  // --- Anthropic /v1/messages

  static String anthropicToolUse(int in, int out, Call... calls) {
    ObjectNode root = anthropicMessage("tool_use", in, out);
    ArrayNode content = root.putArray("content");
    int i = 0;
    for (Call call : calls) {
      ObjectNode block = content.addObject().put("type", "tool_use").put("id", "toolu_" + i++).put("name", call.name());
      block.set("input", read(call.arguments()));
    }
    return root.toString();
  }

  static String anthropicText(String text) {
    ObjectNode root = anthropicMessage("end_turn", 300, 20);
    root.putArray("content").addObject().put("type", "text").put("text", text);
    return root.toString();
  }

  private static ObjectNode anthropicMessage(String stopReason, int in, int out) {
    ObjectNode root =
        JSON.createObjectNode().put("id", "msg_1").put("type", "message").put("role", "assistant")
            .put("model", "claude-3-5-haiku-latest").put("stop_reason", stopReason);
    root.putObject("usage").put("input_tokens", in).put("output_tokens", out);
    return root;
  }

  static Sent anthropicSent(String body) {
    JsonNode root = read(body);
    String system = text(root.path("system"));
    String user = "";
    for (JsonNode message : root.path("messages")) {
      if (message.path("role").asText().equals("user")) {
        user = text(message.path("content"));
      }
    }
    List<String> names = new ArrayList<>();
    root.path("tools").forEach(t -> names.add(t.path("name").asText()));
    return new Sent(system, user, names, root.path("tools"));
  }

  // --- Ollama /api/chat

  static String ollamaToolCall(int in, int out, Call call) {
    ObjectNode root =
        JSON.createObjectNode().put("model", "llama3.1").put("created_at", "2025-01-01T00:00:00Z").put("done", true)
            .put("done_reason", "stop").put("prompt_eval_count", in).put("eval_count", out);
    ObjectNode message = root.putObject("message").put("role", "assistant").put("content", "");
    message.putArray("tool_calls").addObject().putObject("function").put("name", call.name())
        .set("arguments", read(call.arguments()));
    return root.toString();
  }

  static Sent ollamaSent(String body) {
    return openAiSent(body);
  }

  /** Anthropic sends text either as a string or as content blocks. */
  private static String text(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    StringBuilder out = new StringBuilder();
    node.forEach(block -> out.append(block.path("text").asText()));
    return out.toString();
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }
}
