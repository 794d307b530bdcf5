package ai.rodytech.healer.llm;

import static ai.rodytech.healer.llm.LlmTestSupport.assertFitsBudget;
import static ai.rodytech.healer.llm.LlmTestSupport.settings;
import static ai.rodytech.healer.llm.ScriptedLlmServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** No secret planted in a run's log, message or events reaches the provider, whichever provider it is. */
class LlmRedactionTest {
  private final ScriptedLlmServer server = ScriptedLlmServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  static Stream<Arguments> providers() {
    return Stream.of(
        Arguments.of(LlmProvider.OPENAI, "/v1", (Function<String, Wire.Sent>) Wire::openAiSent,
            Wire.openAiToolCalls(700, 30, alertHuman())),
        Arguments.of(LlmProvider.ANTHROPIC, "/v1", (Function<String, Wire.Sent>) Wire::anthropicSent,
            Wire.anthropicToolUse(700, 30, alertHuman())),
        Arguments.of(LlmProvider.OLLAMA, "", (Function<String, Wire.Sent>) Wire::ollamaSent,
            Wire.ollamaToolCall(700, 30, alertHuman())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void noPlantedSecretSurvivesIntoTheRequest(
      LlmProvider provider, String path, Function<String, Wire.Sent> read, String answer) {
    server.enqueue(Reply.ok(answer));
    String log = Snapshots.resource("llm/secrets.log");
    List<String> secrets = Snapshots.resource("llm/secrets.expected-absent.txt").lines().toList();
    assertThat(secrets).allSatisfy(secret -> assertThat(log).contains(secret));
    FailureSnapshot base = Snapshots.withLog(log);
    FailureSnapshot snapshot = new FailureSnapshot(base.run(), base.failedContainer(), 1, "Error",
        "deploy step failed; DB_PASSWORD=Tr0ub4dor-and-3-horses was rejected", base.containers(),
        List.of("Warning Failed pod/deploy-1 pulled with token ghp_Q8wErTy7UiOp4AsDfGh6JkLz2XcVbNm1Qw3E"),
        new LogTail(log, 1, false, "pod deploy-1/build"), List.of(), base.failedAt());
    TestingBrain rules = new TestingBrain(Diagnosis.of(Category.GENUINE_FAILURE, Action.ALERT_HUMAN, 0.5,
        "deploy refused", List.of(new Evidence(2, "deploying"), new Evidence(10, "key"), new Evidence(17, "401")),
        List.of(), "rules"));
    LlmSettings settings = settings(provider, server.url(path), Map.of());
    LlmBrain brain = new LlmBrain(settings, ChatModels.create(settings), rules, new SecretRedactor(),
        new SimpleMeterRegistry(), new MutableClock(), new RecordingSleeper());

    Diagnosis diagnosis = brain.diagnose(snapshot, Snapshots.articlePolicy());

    assertThat(diagnosis.brain()).isEqualTo("llm");
    String body = server.requests().get(0).body();
    Wire.Sent sent = read.apply(body);
    assertThat(secrets).allSatisfy(secret -> {
      assertThat(body).doesNotContain(secret);
      assertThat(sent.user()).doesNotContain(secret);
    });
    assertThat(sent.user()).contains("[REDACTED:private-key]", "[REDACTED:aws-access-key-id]",
        "[REDACTED:github-token]", "DB_PASSWORD=[REDACTED");
    assertFitsBudget(sent, settings);
  }

  private static Wire.Call alertHuman() {
    return Wire.call("alert_human",
        "{\"category\":\"genuine_failure\",\"confidence\":0.8,\"reason\":\"the release API refused the deploy token\"}");
  }
}
