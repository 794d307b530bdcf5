package ai.rodytech.healer.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * Builds the LangChain4j chat model for the configured provider. Retries are off here on purpose:
 * {@link RetryingChat} owns them, so the retry count and backoff are ours and the circuit breaker sees each
 * logical call once. Every model talks HTTP through {@link DeadlineHttpClient}: the timeout is one total
 * deadline per call, headers and body included.
 */
public final class ChatModels {
  /** Diagnosis is classification, not creative writing: the same failure should get the same answer. */
  private static final double TEMPERATURE = 0.0;

  private ChatModels() {}

  public static ChatModel create(LlmSettings settings) {
    return switch (settings.provider()) {
      case OPENAI -> OpenAiChatModel.builder()
          .baseUrl(settings.baseUrl())
          .apiKey(settings.apiKey().isEmpty() ? "none" : settings.apiKey())
          .modelName(settings.model())
          .temperature(TEMPERATURE)
          .maxTokens(settings.maxOutputTokens())
          .parallelToolCalls(false)
          .httpClientBuilder(new DeadlineHttpClient.Builder())
          .timeout(settings.timeout())
          .maxRetries(0)
          .build();
      case ANTHROPIC -> AnthropicChatModel.builder()
          .baseUrl(settings.baseUrl())
          .apiKey(settings.apiKey().isEmpty() ? "none" : settings.apiKey())
          .modelName(settings.model())
          .temperature(TEMPERATURE)
          .maxTokens(settings.maxOutputTokens())
          .httpClientBuilder(new DeadlineHttpClient.Builder())
          .timeout(settings.timeout())
          .maxRetries(0)
          .build();
      case OLLAMA -> OllamaChatModel.builder()
          .baseUrl(settings.baseUrl())
          .modelName(settings.model())
          .temperature(TEMPERATURE)
          .numPredict(settings.maxOutputTokens())
          .httpClientBuilder(new DeadlineHttpClient.Builder())
          .timeout(settings.timeout())
          .maxRetries(0)
          .build();
    };
  }
}
