package ai.rodytech.healer.llm;

import static ai.rodytech.healer.llm.LlmTestSupport.assertFitsBudget;
import static ai.rodytech.healer.llm.LlmTestSupport.settings;
import static ai.rodytech.healer.llm.ScriptedLlmServer.Reply;
import static ai.rodytech.healer.llm.Wire.call;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.Redactor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LLM brain against a real HTTP server speaking Anthropic's /v1/messages, scripted per test. */
class LlmBrainAnthropicTest {
  private final ScriptedLlmServer server = ScriptedLlmServer.start();
  private final TestingBrain rules = TestingBrain.saying(Category.UNKNOWN, 0.2);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final LlmSettings settings = settings(LlmProvider.ANTHROPIC, server.url("/v1"), Map.of());
  private final LlmBrain brain =
      new LlmBrain(settings, ChatModels.create(settings), rules, Redactor.none(), registry, new MutableClock(), sleeper);

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aToolUseBlockBecomesTheDiagnosis() {
    server.enqueue(Reply.ok(Wire.anthropicToolUse(903, 57, call("increase_memory",
        "{\"container\":\"build\",\"newLimit\":\"1536Mi\",\"category\":\"oom\",\"confidence\":0.85,"
            + "\"reason\":\"exit 137 right after the heap warnings\"}"))));

    Diagnosis diagnosis = brain.diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy());

    assertThat(diagnosis.brain()).isEqualTo("llm");
    assertThat(diagnosis.action()).isEqualTo(Action.INCREASE_MEMORY);
    assertThat(diagnosis.arguments()).isEqualTo(Map.of("container", "build", "newLimit", "1536Mi"));
    assertThat(diagnosis.tokensIn()).isEqualTo(903);
    assertThat(diagnosis.tokensOut()).isEqualTo(57);
    assertThat(diagnosis.notes()).containsExactly("rules brain said unknown (confidence 0.20)");

    ScriptedLlmServer.Request request = server.requests().get(0);
    assertThat(request.path()).isEqualTo("/v1/messages");
    assertThat(request.apiKeyHeader()).isEqualTo(LlmTestSupport.API_KEY);
    assertThat(Wire.read(request.body()).path("tool_choice").path("type").asText()).isEqualTo("any");
    Wire.Sent sent = Wire.anthropicSent(request.body());
    assertThat(sent.toolNames())
        .containsExactly("retry_stage", "increase_memory", "patch_dependency_version", "alert_human");
    assertThat(sent.system()).contains("senior DevOps engineer");
    assertThat(sent.user()).contains("exit code: 137");
    assertFitsBudget(sent, settings);
  }

  @Test
  void aHallucinatedToolFallsBack() {
    server.enqueue(Reply.ok(Wire.anthropicToolUse(903, 57, call("scale_cluster", "{\"nodes\":50}"))));

    Diagnosis diagnosis = brain.diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy());

    assertThat(diagnosis.brain()).isEqualTo("rules (llm fallback: unknown_tool)");
    assertThat(diagnosis.action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(diagnosis.notes()).contains("llm fallback: unknown tool 'scale_cluster'");
  }

  @Test
  void anAbsurdLimitFallsBack() {
    server.enqueue(Reply.ok(Wire.anthropicToolUse(903, 57, call("increase_memory",
        "{\"container\":\"build\",\"newLimit\":\"1Ti\",\"category\":\"oom\",\"confidence\":0.99,\"reason\":\"x\"}"))));

    Diagnosis diagnosis = brain.diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy());

    assertThat(diagnosis.brain()).isEqualTo("rules (llm fallback: invalid_arguments)");
    assertThat(diagnosis.notes()).contains("llm fallback: increase_memory: the proposed memory limit 1Ti is above the policy's memory ceiling 4Gi");
    assertThat(diagnosis.tokensIn()).as("tokens spent on a refused answer still count").isEqualTo(903);
  }

  @Test
  void aTextOnlyAnswerFallsBack() {
    server.enqueue(Reply.ok(Wire.anthropicText("Looks like an OOM. Maybe give it more memory?")));

    Diagnosis diagnosis = brain.diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy());

    assertThat(diagnosis.brain()).isEqualTo("rules (llm fallback: no_tool_call)");
    assertThat(diagnosis.notes()).contains("llm fallback: no tool call, text only");
  }

  @Test
  void overloadedErrorsAreRetriedThenFallBack() {
    server.enqueue(Reply.status(529), Reply.status(529), Reply.status(529));

    Diagnosis diagnosis = brain.diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy());

    assertThat(server.requests()).hasSize(3);
    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(diagnosis.brain()).isEqualTo("rules (llm fallback: provider_error)");
    assertThat(diagnosis.notes()).contains("llm fallback: HTTP 529 (3 calls)");
  }
}
