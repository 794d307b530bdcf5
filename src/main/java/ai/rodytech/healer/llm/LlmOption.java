package ai.rodytech.healer.llm;

/**
 * Every LLM setting, declared once: the environment variable the operator reads, its default and what it
 * means. {@link LlmSettings} parses them; the CLI flags map onto the same variables; docs/llm.md lists them.
 */
public enum LlmOption {
  PROVIDER("HEALER_LLM_PROVIDER", "", "LLM provider: openai, anthropic or ollama. Unset: no LLM, the rules brain alone."),
  BASE_URL(
      "HEALER_LLM_BASE_URL",
      "",
      "Base URL of the provider's API; any OpenAI-compatible server (vLLM, llama.cpp, LocalAI) with openai."
          + " Unset: the provider's public endpoint (Ollama: http://localhost:11434)."),
  MODEL("HEALER_LLM_MODEL", "", "Model name. Unset: gpt-4o-mini, claude-3-5-haiku-latest or llama3.1."),
  API_KEY("HEALER_LLM_API_KEY", "", "API key. Prefer HEALER_LLM_API_KEY_FILE with a mounted Secret."),
  API_KEY_FILE(
      "HEALER_LLM_API_KEY_FILE", "", "File holding the API key (e.g. a Secret mounted as a volume); trimmed."),
  TIMEOUT("HEALER_LLM_TIMEOUT", "30s", "Timeout of one HTTP call to the provider (e.g. 30s, 500ms, PT1M)."),
  MAX_RETRIES(
      "HEALER_LLM_MAX_RETRIES", "2", "Retries after a failed call (5xx, 429, timeout, network), 0 to 10."),
  RETRY_BACKOFF(
      "HEALER_LLM_RETRY_BACKOFF", "500ms", "Wait before the first retry; doubled for each further one."),
  TOKEN_BUDGET(
      "HEALER_LLM_TOKEN_BUDGET",
      "2000",
      "Most prompt tokens per incident (system prompt, context and tool definitions), at least 1000."),
  MAX_OUTPUT_TOKENS("HEALER_LLM_MAX_OUTPUT_TOKENS", "400", "Most tokens the model may answer with."),
  MAX_CALLS_PER_PIPELINE_PER_HOUR(
      "HEALER_LLM_MAX_CALLS_PER_PIPELINE_PER_HOUR",
      "20",
      "LLM calls allowed per pipeline in any sliding hour; beyond it the rules brain answers."),
  BREAKER_FAILURE_THRESHOLD(
      "HEALER_LLM_BREAKER_FAILURE_THRESHOLD",
      "5",
      "Consecutive failed calls (after retries) that open the circuit breaker."),
  BREAKER_OPEN_DURATION(
      "HEALER_LLM_BREAKER_OPEN_DURATION",
      "5m",
      "How long an open circuit sends everything to the rules brain before one trial call."),
  CONFIDENCE_THRESHOLD(
      "HEALER_LLM_CONFIDENCE_THRESHOLD",
      "0.6",
      "hybrid asks the LLM when the rules brain says unknown or is less confident than this (0..1)."),
  TOKENIZER(
      "HEALER_LLM_TOKENIZER", "cl100k_base", "Tokenizer that counts the budget: cl100k_base or o200k_base.");

  private final String envVar;
  private final String defaultValue;
  private final String description;

  LlmOption(String envVar, String defaultValue, String description) {
    this.envVar = envVar;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String envVar() {
    return envVar;
  }

  /** The default as text; empty when the option has none. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
