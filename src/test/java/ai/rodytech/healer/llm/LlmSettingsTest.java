package ai.rodytech.healer.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LlmSettingsTest {
  private static final Map<String, String> VALID =
      Map.of("HEALER_LLM_PROVIDER", "openai", "HEALER_LLM_API_KEY", "sk-live-abcdef");

  @Test
  void noProviderMeansNoLlm() {
    assertThat(LlmSettings.fromEnvironment(Map.of())).isEmpty();
    assertThat(LlmSettings.fromEnvironment(Map.of("HEALER_LLM_MODEL", "gpt-4o", "HEALER_LLM_PROVIDER", " ")))
        .isEmpty();
  }

  @Test
  void defaultsComeFromTheOptionDeclarations() {
    LlmSettings settings = LlmSettings.fromEnvironment(VALID).orElseThrow();

    assertThat(settings.provider()).isEqualTo(LlmProvider.OPENAI);
    assertThat(settings.baseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(settings.model()).isEqualTo("gpt-4o-mini");
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.maxRetries()).isEqualTo(2);
    assertThat(settings.retryBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.tokenBudget()).isEqualTo(2000);
    assertThat(settings.maxCallsPerPipelinePerHour()).isEqualTo(20);
    assertThat(settings.breakerFailureThreshold()).isEqualTo(5);
    assertThat(settings.breakerOpenDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.confidenceThreshold()).isEqualTo(0.6);
    assertThat(settings.tokenizer()).isEqualTo("cl100k_base");
  }

  @Test
  void everyValueCanBeSet() {
    Map<String, String> env = new HashMap<>();
    env.put("HEALER_LLM_PROVIDER", "Anthropic");
    env.put("HEALER_LLM_BASE_URL", "https://llm-gateway.internal/anthropic/v1/");
    env.put("HEALER_LLM_MODEL", "claude-sonnet-4-5");
    env.put("HEALER_LLM_API_KEY", "key-1");
    env.put("HEALER_LLM_TIMEOUT", "PT45S");
    env.put("HEALER_LLM_MAX_RETRIES", "0");
    env.put("HEALER_LLM_RETRY_BACKOFF", "2s");
    env.put("HEALER_LLM_TOKEN_BUDGET", "3000");
    env.put("HEALER_LLM_MAX_OUTPUT_TOKENS", "256");
    env.put("HEALER_LLM_MAX_CALLS_PER_PIPELINE_PER_HOUR", "3");
    env.put("HEALER_LLM_BREAKER_FAILURE_THRESHOLD", "2");
    env.put("HEALER_LLM_BREAKER_OPEN_DURATION", "1h");
    env.put("HEALER_LLM_CONFIDENCE_THRESHOLD", "0.8");
    env.put("HEALER_LLM_TOKENIZER", "o200k_base");

    LlmSettings settings = LlmSettings.fromEnvironment(env).orElseThrow();

    assertThat(settings).isEqualTo(new LlmSettings(LlmProvider.ANTHROPIC, "https://llm-gateway.internal/anthropic/v1/",
        "claude-sonnet-4-5", "key-1", Duration.ofSeconds(45), 0, Duration.ofSeconds(2), 3000, 256, 3, 2,
        Duration.ofHours(1), 0.8, "o200k_base"));
  }

  @Test
  void theKeyCanComeFromAMountedSecretFile(@TempDir Path dir) throws IOException {
    Path key = Files.writeString(dir.resolve("api-key"), "sk-from-secret\n");

    LlmSettings settings =
        LlmSettings.fromEnvironment(Map.of("HEALER_LLM_PROVIDER", "openai", "HEALER_LLM_API_KEY_FILE", key.toString()))
            .orElseThrow();

    assertThat(settings.apiKey()).isEqualTo("sk-from-secret");
  }

  @Test
  void selfHostedServersNeedNoKey() {
    assertThat(LlmSettings.fromEnvironment(Map.of("HEALER_LLM_PROVIDER", "openai", "HEALER_LLM_BASE_URL",
        "http://vllm.ci.svc:8000/v1"))).get().extracting(LlmSettings::apiKey).isEqualTo("");
    assertThat(LlmSettings.fromEnvironment(Map.of("HEALER_LLM_PROVIDER", "ollama"))).get()
        .extracting(LlmSettings::baseUrl).isEqualTo("http://localhost:11434");
  }

  @Test
  void credentialsInTheBaseUrlNeverShow() {
    Map<String, String> env = new HashMap<>(VALID);
    env.put("HEALER_LLM_BASE_URL", "https://ci-bot:p%40ss-Hunter2!@llm.example.com:8443/v1?api_key=k3yK3yK3y123");

    LlmSettings settings = LlmSettings.fromEnvironment(env).orElseThrow();

    assertThat(settings.baseUrl()).contains("p%40ss-Hunter2!");
    assertThat(settings.displayBaseUrl()).startsWith("https://***@llm.example.com:8443/v1?api_key=")
        .doesNotContain("ci-bot").doesNotContain("p%40ss").doesNotContain("Hunter2").doesNotContain("k3yK3yK3y123");
    assertThat(settings.toString()).contains("baseUrl=https://***@llm.example.com:8443/v1")
        .doesNotContain("Hunter2").doesNotContain("k3yK3yK3y123");
  }

  @Test
  void aBadBaseUrlIsRefusedWithoutEchoingItsPassword() {
    Map<String, String> env = new HashMap<>(VALID);
    env.put("HEALER_LLM_BASE_URL", "ftp://ci-bot:Hunter2Hunter2@llm.example.com/v1");

    assertThatThrownBy(() -> LlmSettings.fromEnvironment(env))
        .hasMessageContaining("HEALER_LLM_BASE_URL='ftp://***@llm.example.com/v1' is invalid")
        .hasMessageNotContaining("Hunter2");
  }

  @Test
  void theKeyNeverShowsInToString() {
    assertThat(LlmSettings.fromEnvironment(VALID).orElseThrow().toString())
        .doesNotContain("sk-live-abcdef").contains("apiKey=***");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("HEALER_LLM_PROVIDER", "gemini", "HEALER_LLM_PROVIDER='gemini' is invalid: expected openai|anthropic|ollama"),
        Arguments.of("HEALER_LLM_BASE_URL", "ftp://llm", "HEALER_LLM_BASE_URL='ftp://llm' is invalid: expected an http(s) URL"),
        Arguments.of("HEALER_LLM_BASE_URL", "http://bad host", "HEALER_LLM_BASE_URL='http://bad host' is invalid"),
        Arguments.of("HEALER_LLM_TIMEOUT", "soon", "HEALER_LLM_TIMEOUT='soon' is invalid: expected a duration such as 500ms"),
        Arguments.of("HEALER_LLM_TIMEOUT", "0s", "HEALER_LLM_TIMEOUT='0s' is invalid: expected a duration above zero"),
        Arguments.of("HEALER_LLM_MAX_RETRIES", "11", "HEALER_LLM_MAX_RETRIES='11' is invalid: expected a whole number from 0 to 10"),
        Arguments.of("HEALER_LLM_MAX_RETRIES", "two", "HEALER_LLM_MAX_RETRIES='two' is invalid"),
        Arguments.of("HEALER_LLM_TOKEN_BUDGET", "100", "HEALER_LLM_TOKEN_BUDGET='100' is invalid: expected a whole number from 1000"),
        Arguments.of("HEALER_LLM_MAX_CALLS_PER_PIPELINE_PER_HOUR", "0", "HEALER_LLM_MAX_CALLS_PER_PIPELINE_PER_HOUR='0' is invalid"),
        Arguments.of("HEALER_LLM_BREAKER_FAILURE_THRESHOLD", "-1", "HEALER_LLM_BREAKER_FAILURE_THRESHOLD='-1' is invalid"),
        Arguments.of("HEALER_LLM_CONFIDENCE_THRESHOLD", "1.5", "HEALER_LLM_CONFIDENCE_THRESHOLD='1.5' is invalid: expected a number from 0 to 1"),
        Arguments.of("HEALER_LLM_CONFIDENCE_THRESHOLD", "NaN", "HEALER_LLM_CONFIDENCE_THRESHOLD='NaN' is invalid"),
        Arguments.of("HEALER_LLM_TOKENIZER", "p50k_base", "HEALER_LLM_TOKENIZER='p50k_base' is invalid: expected cl100k_base or o200k_base"),
        Arguments.of("HEALER_LLM_API_KEY", "", "openai at https://api.openai.com/v1 needs an API key: set HEALER_LLM_API_KEY or HEALER_LLM_API_KEY_FILE"),
        Arguments.of("HEALER_LLM_API_KEY_FILE", "/nonexistent/key", "set only one of HEALER_LLM_API_KEY and HEALER_LLM_API_KEY_FILE"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void aBadValueFailsFastNamingTheVariable(String variable, String value, String message) {
    Map<String, String> env = new HashMap<>(VALID);
    env.put(variable, value);

    assertThatThrownBy(() -> LlmSettings.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void anUnreadableKeyFileFailsFastWithoutEchoingAnyKey() {
    assertThatThrownBy(() -> LlmSettings.fromEnvironment(
            Map.of("HEALER_LLM_PROVIDER", "anthropic", "HEALER_LLM_API_KEY_FILE", "/nonexistent/key")))
        .hasMessage("HEALER_LLM_API_KEY_FILE='/nonexistent/key' is invalid: cannot read it (NoSuchFileException)");
  }
}
