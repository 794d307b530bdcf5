package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.api.BrainChoice;
import ai.rodytech.healer.llm.LlmProvider;
import ai.rodytech.healer.llm.LlmSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LlmCliOptionsTest {

  private static LlmCliOptions parse(String... args) {
    LlmCliOptions options = new LlmCliOptions();
    new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return options;
  }

  @Test
  void flagsOverrideTheEnvironment() {
    LlmSettings settings = parse("--provider", "ollama", "--model", "qwen2.5", "--token-budget", "1500")
        .settings(Map.of("HEALER_LLM_PROVIDER", "openai", "HEALER_LLM_MODEL", "gpt-4o")).orElseThrow();

    assertThat(settings.provider()).isEqualTo(LlmProvider.OLLAMA);
    assertThat(settings.model()).isEqualTo("qwen2.5");
    assertThat(settings.tokenBudget()).isEqualTo(1500);
  }

  @Test
  void theKeyComesFromTheNamedVariableAndReplacesAKeyFile() {
    LlmSettings settings = parse("--provider", "anthropic", "--api-key-env", "TEAM_CLAUDE_KEY")
        .settings(Map.of("TEAM_CLAUDE_KEY", "sk-ant-team", "HEALER_LLM_API_KEY_FILE", "/var/run/key"))
        .orElseThrow();

    assertThat(settings.apiKey()).isEqualTo("sk-ant-team");
  }

  @Test
  void aMissingKeyVariableIsNamed() {
    assertThatThrownBy(() -> parse("--provider", "openai", "--api-key-env", "NOPE").settings(Map.of()))
        .hasMessage("--api-key-env NOPE: that environment variable is not set");
  }

  @Test
  void withoutAProviderThereAreNoSettings() {
    LlmCliOptions options = parse("--brain", "HYBRID", "--model", "x");

    assertThat(options.settings(Map.of())).isEmpty();
    assertThat(options.brain).isEqualTo(BrainChoice.HYBRID);
  }
}
