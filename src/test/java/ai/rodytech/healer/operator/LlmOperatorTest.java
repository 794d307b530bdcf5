package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.BrainChoice;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.llm.Brains;
import ai.rodytech.healer.llm.LlmSettings;
import ai.rodytech.healer.llm.ScriptedLlmServer;
import ai.rodytech.healer.llm.Wire;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LLM brain inside the real operator: its proposal goes through the planner and the guard like any other. */
class LlmOperatorTest {
  private static final Map<String, String> BACKEND = Map.of(Labels.PIPELINE, "backend-ci-build");
  private final ScriptedLlmServer llm = ScriptedLlmServer.start();
  private OperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    llm.close();
  }

  private void start() {
    Optional<LlmSettings> settings = LlmSettings.fromEnvironment(Map.of(
        "HEALER_LLM_PROVIDER", "openai", "HEALER_LLM_BASE_URL", llm.url("/v1"), "HEALER_LLM_MAX_RETRIES", "0"));
    Brains brains = Brains.create(settings, new TestingBrain(Category.OOM), new SecretRedactor(),
        new SimpleMeterRegistry());
    h = new OperatorHarness(brains.forChoice(BrainChoice.LLM));
    h.applyPolicy("/policies/seed.yaml", p -> {
      p.getSpec().setFailureThreshold(1);
      p.getSpec().getSafetyChecks().setCooldownSeconds(0);
      p.getSpec().setBrain(BrainChoice.LLM);
    });
  }

  private Job awaitFirstRetry(String root) {
    await().atMost(Duration.ofSeconds(15)).until(() -> !h.retriesOf(root).isEmpty());
    return h.retriesOf(root).get(0);
  }

  private static String memoryLimit(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory")
        .toString();
  }

  @Test
  void theModelsProposedLimitIsAppliedThroughTheGuard() {
    llm.enqueue(ScriptedLlmServer.Reply.ok(Wire.openAiToolCalls(900, 40, Wire.call("increase_memory",
        "{\"container\":\"build\",\"newLimit\":\"1536Mi\",\"category\":\"oom\",\"confidence\":0.9,"
            + "\"reason\":\"the build container ran out of memory\"}"))));
    start();

    h.failedJob("backend-ci-build-1", BACKEND);

    Job retry = awaitFirstRetry("backend-ci-build-1");
    assertThat(memoryLimit(retry)).as("the model's 1536Mi, not the rules' 768Mi").isEqualTo("1536Mi");
    await().atMost(Duration.ofSeconds(10)).until(() -> decided(h.incident("backend-ci-build-1")));
    IncidentStatus status = h.incident("backend-ci-build-1").getStatus();
    assertThat(status.diagnosis.brain).isEqualTo("llm");
    assertThat(status.diagnosis.tokensIn).as("prompt tokens recorded for cost audits").isPositive();
    assertThat(status.decisions).singleElement().satisfies(d -> {
      assertThat(d.verdict).isEqualTo("Approved");
      assertThat(d.arguments).containsEntry("newLimit", "1536Mi");
    });
  }

  @Test
  void anAbsurdProposalFallsBackToTheRulesAndTheIncidentSaysWhy() {
    llm.enqueue(ScriptedLlmServer.Reply.ok(Wire.openAiToolCalls(900, 40, Wire.call("increase_memory",
        "{\"container\":\"build\",\"newLimit\":\"1Ti\",\"category\":\"oom\",\"confidence\":0.99,\"reason\":\"more\"}"))));
    start();

    h.failedJob("backend-ci-build-2", BACKEND);

    Job retry = awaitFirstRetry("backend-ci-build-2");
    assertThat(memoryLimit(retry)).as("the planner's own step").isEqualTo("768Mi");
    await().atMost(Duration.ofSeconds(10)).until(() -> decided(h.incident("backend-ci-build-2")));
    IncidentStatus status = h.incident("backend-ci-build-2").getStatus();
    assertThat(status.diagnosis.brain).isEqualTo("testing (llm fallback: invalid_arguments)");
    assertThat(status.diagnosis.notes)
        .contains("llm fallback: increase_memory: the proposed memory limit 1Ti is above the policy's memory ceiling 8Gi");
  }

  private static boolean decided(PipelineIncident incident) {
    return incident != null && incident.getStatus() != null && incident.getStatus().diagnosis != null
        && incident.getStatus().decisions != null && !incident.getStatus().decisions.isEmpty();
  }
}
