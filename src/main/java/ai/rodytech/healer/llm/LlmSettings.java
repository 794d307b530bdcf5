package ai.rodytech.healer.llm;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.redact.SecretRedactor;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LLM configuration, read once at start-up from the environment (or the CLI flags mapped onto it) and
 * never changed. Bad values fail fast with a message naming the variable; see {@link LlmOption}.
 *
 * @param provider which API to speak
 * @param baseUrl the API's base URL (the provider's default when not configured)
 * @param model the model name
 * @param apiKey the API key, empty when none is needed; never printed
 * @param timeout timeout of one HTTP call
 * @param maxRetries retries after a failed call
 * @param retryBackoff wait before the first retry, doubled for each further one
 * @param tokenBudget most prompt tokens per incident
 * @param maxOutputTokens most tokens of the model's answer
 * @param maxCallsPerPipelinePerHour LLM calls per pipeline in a sliding hour
 * @param breakerFailureThreshold consecutive failed calls that open the circuit
 * @param breakerOpenDuration how long the circuit stays open before a trial call
 * @param confidenceThreshold hybrid asks the LLM below this rules confidence
 * @param tokenizer jtokkit encoding name that counts the budget
 */
public record LlmSettings(
    LlmProvider provider,
    String baseUrl,
    String model,
    String apiKey,
    Duration timeout,
    int maxRetries,
    Duration retryBackoff,
    int tokenBudget,
    int maxOutputTokens,
    int maxCallsPerPipelinePerHour,
    int breakerFailureThreshold,
    Duration breakerOpenDuration,
    double confidenceThreshold,
    String tokenizer) {

  /** Below this the fixed parts of a prompt (system prompt, four tool definitions, run facts) do not fit. */
  public static final int MIN_TOKEN_BUDGET = 1000;

  private static final Redactor REDACTOR = new SecretRedactor();
  private static final Pattern SHORT_DURATION = Pattern.compile("^(\\d+)(ms|s|m|h)$");

  public LlmSettings {
    apiKey = apiKey == null ? "" : apiKey;
  }

  /**
   * Reads the settings from environment variables (or the CLI's equivalent map). Empty when no provider is
   * configured: then the rules brain works alone.
   *
   * @throws IllegalArgumentException naming the variable and the bad value
   */
  public static Optional<LlmSettings> fromEnvironment(Map<String, String> env) {
    String providerText = text(env, LlmOption.PROVIDER);
    if (providerText.isEmpty()) {
      return Optional.empty();
    }
    LlmProvider provider =
        LlmProvider.fromWireName(providerText)
            .orElseThrow(() -> invalid(LlmOption.PROVIDER, providerText, "expected " + LlmProvider.choices()));
    String baseUrl = baseUrl(env, provider);
    String model = text(env, LlmOption.MODEL);
    String apiKey = apiKey(env);
    if (apiKey.isEmpty() && provider.requiresKey(baseUrl)) {
      throw new IllegalArgumentException(
          provider.wireName() + " at " + withoutCredentials(baseUrl) + " needs an API key: set " + LlmOption.API_KEY.envVar() + " or "
              + LlmOption.API_KEY_FILE.envVar() + " (a mounted Secret)");
    }
    return Optional.of(
        new LlmSettings(
            provider,
            baseUrl,
            model.isEmpty() ? provider.defaultModel() : model,
            apiKey,
            positiveDuration(env, LlmOption.TIMEOUT),
            intInRange(env, LlmOption.MAX_RETRIES, 0, 10),
            positiveDuration(env, LlmOption.RETRY_BACKOFF),
            intInRange(env, LlmOption.TOKEN_BUDGET, MIN_TOKEN_BUDGET, 200_000),
            intInRange(env, LlmOption.MAX_OUTPUT_TOKENS, 64, 32_000),
            intInRange(env, LlmOption.MAX_CALLS_PER_PIPELINE_PER_HOUR, 1, 100_000),
            intInRange(env, LlmOption.BREAKER_FAILURE_THRESHOLD, 1, 1000),
            positiveDuration(env, LlmOption.BREAKER_OPEN_DURATION),
            fraction(env, LlmOption.CONFIDENCE_THRESHOLD),
            tokenizer(env)));
  }

  /** Same settings with another token budget (the CLI's --token-budget, the benchmark). */
  public LlmSettings withTokenBudget(int budget) {
    if (budget < MIN_TOKEN_BUDGET) {
      throw new IllegalArgumentException("token budget " + budget + " is below the minimum " + MIN_TOKEN_BUDGET);
    }
    return new LlmSettings(
        provider, baseUrl, model, apiKey, timeout, maxRetries, retryBackoff, budget, maxOutputTokens,
        maxCallsPerPipelinePerHour, breakerFailureThreshold, breakerOpenDuration, confidenceThreshold, tokenizer);
  }

  /**
   * The base URL as logs and messages may show it: user info (https://user:password@host) replaced by
   * {@code ***}, and secret-looking query parameters or tokens masked.
   */
  public String displayBaseUrl() {
    return withoutCredentials(baseUrl);
  }

  /** The key never appears in logs, exceptions or status, nor does a password in the base URL. */
  @Override
  public String toString() {
    return "LlmSettings[provider=" + provider.wireName() + ", baseUrl=" + displayBaseUrl() + ", model=" + model
        + ", apiKey=" + (apiKey.isEmpty() ? "none" : "***") + ", timeout=" + timeout + ", maxRetries=" + maxRetries
        + ", retryBackoff=" + retryBackoff + ", tokenBudget=" + tokenBudget + ", maxOutputTokens=" + maxOutputTokens
        + ", maxCallsPerPipelinePerHour=" + maxCallsPerPipelinePerHour + ", breakerFailureThreshold="
        + breakerFailureThreshold + ", breakerOpenDuration=" + breakerOpenDuration + ", confidenceThreshold="
        + confidenceThreshold + ", tokenizer=" + tokenizer + "]";
  }

  private static String text(Map<String, String> env, LlmOption option) {
    String value = env.get(option.envVar());
    return value == null || value.isBlank() ? option.defaultValue() : value.trim();
  }

  private static String baseUrl(Map<String, String> env, LlmProvider provider) {
    String value = text(env, LlmOption.BASE_URL);
    if (value.isEmpty()) {
      return provider.defaultBaseUrl();
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw invalid(
            LlmOption.BASE_URL, withoutCredentials(value), "expected an http(s) URL with a host, e.g. http://vllm:8000/v1");
      }
    } catch (URISyntaxException e) {
      // The reason quotes the input: a password in it must not reach the message.
      throw invalid(LlmOption.BASE_URL, withoutCredentials(value), "not a valid URL");
    }
    return value;
  }

  static String withoutCredentials(String url) {
    int scheme = url.indexOf("://");
    int hostStart = scheme < 0 ? 0 : scheme + 3;
    int pathStart = hostStart;
    while (pathStart < url.length() && "/?#".indexOf(url.charAt(pathStart)) < 0) {
      pathStart++;
    }
    int at = url.lastIndexOf('@', pathStart - 1);
    String masked = at >= hostStart ? url.substring(0, hostStart) + "***" + url.substring(at) : url;
    return REDACTOR.redact(masked);
  }

  private static String apiKey(Map<String, String> env) {
    String inline = text(env, LlmOption.API_KEY);
    String file = text(env, LlmOption.API_KEY_FILE);
    if (!inline.isEmpty() && !file.isEmpty()) {
      throw new IllegalArgumentException(
          "set only one of " + LlmOption.API_KEY.envVar() + " and " + LlmOption.API_KEY_FILE.envVar());
    }
    if (file.isEmpty()) {
      return inline;
    }
    try {
      String key = Files.readString(Path.of(file)).trim();
      if (key.isEmpty()) {
        throw invalid(LlmOption.API_KEY_FILE, file, "the file is empty");
      }
      return key;
    } catch (IOException e) {
      throw invalid(LlmOption.API_KEY_FILE, file, "cannot read it (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static int intInRange(Map<String, String> env, LlmOption option, int min, int max) {
    String value = text(env, option);
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw invalid(option, value, "expected a whole number from " + min + " to " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw invalid(option, value, "expected a whole number from " + min + " to " + max);
    }
  }

  private static double fraction(Map<String, String> env, LlmOption option) {
    String value = text(env, option);
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed >= 0 && parsed <= 1)) {
        throw invalid(option, value, "expected a number from 0 to 1");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw invalid(option, value, "expected a number from 0 to 1");
    }
  }

  private static Duration positiveDuration(Map<String, String> env, LlmOption option) {
    String value = text(env, option);
    Duration parsed = parseDuration(value).orElseThrow(
        () -> invalid(option, value, "expected a duration such as 500ms, 30s, 5m, 1h or PT30S"));
    if (parsed.isZero() || parsed.isNegative()) {
      throw invalid(option, value, "expected a duration above zero");
    }
    return parsed;
  }

  static Optional<Duration> parseDuration(String value) {
    Matcher m = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
          });
    }
    try {
      return Optional.of(Duration.parse(value.toUpperCase(Locale.ROOT)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String tokenizer(Map<String, String> env) {
    String value = text(env, LlmOption.TOKENIZER).toLowerCase(Locale.ROOT);
    if (!TokenCounter.supports(value)) {
      throw invalid(LlmOption.TOKENIZER, value, "expected cl100k_base or o200k_base");
    }
    return value;
  }

  private static IllegalArgumentException invalid(LlmOption option, String value, String expected) {
    return new IllegalArgumentException(option.envVar() + "='" + value + "' is invalid: " + expected);
  }
}
