package ai.rodytech.healer.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The LLM providers Pipeline Healer can talk to, with the defaults each one starts from. */
public enum LlmProvider {
  /** OpenAI, or any server speaking its /v1/chat/completions API (vLLM, llama.cpp, LocalAI). */
  OPENAI("https://api.openai.com/v1", "gpt-4o-mini", true),
  /** Anthropic's /v1/messages API. */
  ANTHROPIC("https://api.anthropic.com/v1/", "claude-3-5-haiku-latest", true),
  /** A local or remote Ollama server (/api/chat); no key. */
  OLLAMA("http://localhost:11434", "llama3.1", false);

  private final String defaultBaseUrl;
  private final String defaultModel;
  private final boolean keyRequiredAtDefaultUrl;

  LlmProvider(String defaultBaseUrl, String defaultModel, boolean keyRequiredAtDefaultUrl) {
    this.defaultBaseUrl = defaultBaseUrl;
    this.defaultModel = defaultModel;
    this.keyRequiredAtDefaultUrl = keyRequiredAtDefaultUrl;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  public String defaultModel() {
    return defaultModel;
  }

  /**
   * Whether a key is needed at this base URL: the hosted APIs refuse calls without one, while self-hosted
   * compatible servers usually take none.
   */
  public boolean requiresKey(String baseUrl) {
    return keyRequiredAtDefaultUrl && defaultBaseUrl.equals(baseUrl);
  }

  public static Optional<LlmProvider> fromWireName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String normalized = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.wireName().equals(normalized)).findFirst();
  }

  /** "openai|anthropic|ollama", for messages. */
  public static String choices() {
    return Arrays.stream(values()).map(LlmProvider::wireName).collect(Collectors.joining("|"));
  }
}
