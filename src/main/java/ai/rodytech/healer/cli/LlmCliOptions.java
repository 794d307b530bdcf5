package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.BrainChoice;
import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.llm.Brains;
import ai.rodytech.healer.llm.LlmOption;
import ai.rodytech.healer.llm.LlmSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The LLM flags of the CLI. They override the operator's HEALER_LLM_* environment variables one for one, so
 * the CLI and the operator read their settings through the same {@link LlmSettings} parser.
 */
public final class LlmCliOptions {

  @Option(
      names = "--brain",
      paramLabel = "rules|llm|hybrid",
      description = "Which brain diagnoses: rules, llm or hybrid (default: hybrid when a provider is configured,"
          + " else rules).")
  BrainChoice brain;

  @Option(
      names = "--provider",
      paramLabel = "openai|anthropic|ollama",
      description = "LLM provider (default: $HEALER_LLM_PROVIDER).")
  String provider;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = "Provider base URL, e.g. any OpenAI-compatible server such as http://localhost:8000/v1.")
  String baseUrl;

  @Option(names = "--model", paramLabel = "NAME", description = "Model name (default: the provider's).")
  String model;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description = "Environment variable holding the API key (default: HEALER_LLM_API_KEY or the file in"
          + " HEALER_LLM_API_KEY_FILE). Keys are never taken on the command line.")
  String apiKeyEnv;

  @Option(names = "--token-budget", paramLabel = "N", description = "Most prompt tokens per incident (default 2000).")
  Integer tokenBudget;

  /** The settings from the environment with these flags on top; empty when no provider is configured. */
  public Optional<LlmSettings> settings(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    put(env, LlmOption.PROVIDER, provider);
    put(env, LlmOption.BASE_URL, baseUrl);
    put(env, LlmOption.MODEL, model);
    put(env, LlmOption.TOKEN_BUDGET, tokenBudget == null ? null : tokenBudget.toString());
    if (apiKeyEnv != null) {
      String key = environment.get(apiKeyEnv);
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("--api-key-env " + apiKeyEnv + ": that environment variable is not set");
      }
      env.put(LlmOption.API_KEY.envVar(), key);
      env.remove(LlmOption.API_KEY_FILE.envVar());
    }
    return LlmSettings.fromEnvironment(env);
  }

  /**
   * The brain these flags ask for, over the given rules brain.
   *
   * @throws IllegalArgumentException when a bad value is given, or llm/hybrid is asked for without a provider
   */
  public Brain brain(Brain rules, Redactor redactor, MeterRegistry registry, Map<String, String> environment) {
    Optional<LlmSettings> settings = settings(environment);
    if (settings.isEmpty() && brain != null && brain != BrainChoice.RULES) {
      throw new IllegalArgumentException(
          "--brain " + brain.name().toLowerCase(java.util.Locale.ROOT) + " needs a provider: pass --provider or set "
              + LlmOption.PROVIDER.envVar());
    }
    return Brains.create(settings, rules, redactor, registry).forChoice(brain);
  }

  private static void put(Map<String, String> env, LlmOption option, String value) {
    if (value != null) {
      env.put(option.envVar(), value);
    }
  }
}
