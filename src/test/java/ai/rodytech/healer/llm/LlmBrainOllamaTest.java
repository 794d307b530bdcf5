package ai.rodytech.healer.llm;

import static ai.rodytech.healer.llm.LlmTestSupport.assertFitsBudget;
import static ai.rodytech.healer.llm.LlmTestSupport.settings;
import static ai.rodytech.healer.llm.ScriptedLlmServer.Reply;
import static ai.rodytech.healer.llm.Wire.call;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.Redactor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LLM brain against a real HTTP server speaking Ollama's /api/chat. */
class LlmBrainOllamaTest {
  private final ScriptedLlmServer server = ScriptedLlmServer.start();
  private final LlmSettings settings = settings(LlmProvider.OLLAMA, server.url(""), Map.of());
  private final LlmBrain brain =
      new LlmBrain(settings, ChatModels.create(settings), TestingBrain.saying(Category.UNKNOWN, 0.1),
          Redactor.none(), new SimpleMeterRegistry(), new MutableClock(), new RecordingSleeper());

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aToolCallFromOllamaBecomesTheDiagnosis() {
    server.enqueue(Reply.ok(Wire.ollamaToolCall(640, 35, call("retry_stage",
        "{\"category\":\"transient_infra\",\"confidence\":0.7,\"reason\":\"registry timeout\"}"))));

    Diagnosis diagnosis = brain.diagnose(Snapshots.oomKilled(), Snapshots.retryOnly());

    assertThat(diagnosis.brain()).isEqualTo("llm");
    assertThat(diagnosis.action()).isEqualTo(Action.RETRY_STAGE);
    assertThat(diagnosis.category()).isEqualTo(Category.TRANSIENT_INFRA);
    assertThat(diagnosis.tokensIn()).isEqualTo(640);
    assertThat(diagnosis.tokensOut()).isEqualTo(35);
    ScriptedLlmServer.Request request = server.requests().get(0);
    assertThat(request.path()).isEqualTo("/api/chat");
    Wire.Sent sent = Wire.ollamaSent(request.body());
    assertThat(sent.toolNames()).containsExactly("retry_stage", "alert_human");
    assertFitsBudget(sent, settings);
  }
}
