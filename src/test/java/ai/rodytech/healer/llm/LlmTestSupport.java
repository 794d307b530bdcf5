package ai.rodytech.healer.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

/** Settings and checks shared by the tests that talk HTTP to a scripted provider. */
final class LlmTestSupport {
  static final String API_KEY = "sk-test-0123456789";

  private LlmTestSupport() {}

  /** Settings for a provider at the scripted server; overrides by LlmOption. */
  static LlmSettings settings(LlmProvider provider, String baseUrl, Map<LlmOption, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put(LlmOption.PROVIDER.envVar(), provider.wireName());
    env.put(LlmOption.BASE_URL.envVar(), baseUrl);
    env.put(LlmOption.API_KEY.envVar(), API_KEY);
    env.put(LlmOption.TIMEOUT.envVar(), "5s");
    env.put(LlmOption.RETRY_BACKOFF.envVar(), "100ms");
    overrides.forEach((option, value) -> env.put(option.envVar(), value));
    return LlmSettings.fromEnvironment(env).orElseThrow();
  }

  /** The request's prompt, counted the way the budget counts it: system, user and the tool definitions. */
  static void assertFitsBudget(Wire.Sent sent, LlmSettings settings) {
    TokenCounter counter = TokenCounter.of(settings.tokenizer());
    int tokens = counter.count(sent.system()) + counter.count(sent.user()) + counter.count(sent.tools().toString());
    assertThat(tokens).as("prompt tokens of the request").isLessThanOrEqualTo(settings.tokenBudget());
  }
}
