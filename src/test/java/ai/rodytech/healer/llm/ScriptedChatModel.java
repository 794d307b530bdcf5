package ai.rodytech.healer.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;

/** A chat model without HTTP that always makes the same tool call, for tests of routing rather than wire formats. */
final class ScriptedChatModel implements ChatModel {
  private final String tool;
  private final String arguments;
  private final List<ChatRequest> requests = new ArrayList<>();

  ScriptedChatModel(String tool, String arguments) {
    this.tool = tool;
    this.arguments = arguments;
  }

  @Override
  public synchronized ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(ToolExecutionRequest.builder().id("1").name(tool).arguments(arguments).build()))
        .tokenUsage(new TokenUsage(700, 25))
        .build();
  }

  synchronized int calls() {
    return requests.size();
  }
}
