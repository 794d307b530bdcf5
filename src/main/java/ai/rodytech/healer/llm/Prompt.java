package ai.rodytech.healer.llm;

/**
 * What is sent to the model for one incident.
 *
 * @param system the system prompt (it names this request's fence marker)
 * @param user the run's facts and, fenced, its untrusted data
 * @param tokens prompt tokens counted with the configured tokenizer: system, user and tool definitions
 * @param toolTokens the share of the tool definitions in {@code tokens}
 * @param fence the per-request nonce in the fence markers
 */
public record Prompt(String system, String user, int tokens, int toolTokens, String fence) {

  /** Tokens of the incident context alone (system prompt and user message, no tool definitions). */
  public int contextTokens() {
    return tokens - toolTokens;
  }
}
