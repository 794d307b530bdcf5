package ai.rodytech.healer.llm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.BrainChoice;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.Redactor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingBrainTest {
  private final ScriptedChatModel model = new ScriptedChatModel("retry_stage",
      "{\"category\":\"flaky_test\",\"confidence\":0.75,\"reason\":\"the same test passed on the previous run\"}");

  private LlmBrain llm(TestingBrain rules) {
    LlmSettings settings = LlmTestSupport.settings(LlmProvider.OPENAI, "http://127.0.0.1:9/v1", Map.of());
    return new LlmBrain(settings, model, rules, Redactor.none(), new SimpleMeterRegistry(), new MutableClock(),
        new RecordingSleeper());
  }

  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of(BrainChoice.RULES, Category.UNKNOWN, 0.1, false),
        Arguments.of(BrainChoice.HYBRID, Category.OOM, 0.9, false),
        Arguments.of(BrainChoice.HYBRID, Category.OOM, 0.6, false),
        Arguments.of(BrainChoice.HYBRID, Category.FLAKY_TEST, 0.59, true),
        Arguments.of(BrainChoice.HYBRID, Category.UNKNOWN, 0.9, true),
        Arguments.of(BrainChoice.LLM, Category.OOM, 0.95, true));
  }

  @ParameterizedTest(name = "{0}: rules {1} {2} -> llm asked: {3}")
  @MethodSource("routes")
  void asksTheModelOnlyWhenTheChoiceAndTheRulesCallForIt(
      BrainChoice choice, Category rulesCategory, double rulesConfidence, boolean llmAsked) {
    TestingBrain rules = TestingBrain.saying(rulesCategory, rulesConfidence);
    RoutingBrain brain = new RoutingBrain(choice, rules, Optional.of(llm(rules)), 0.6);

    Diagnosis diagnosis = brain.diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy());

    assertThat(model.calls()).isEqualTo(llmAsked ? 1 : 0);
    assertThat(rules.calls()).as("the rules brain runs once either way").isEqualTo(1);
    if (llmAsked) {
      assertThat(diagnosis.brain()).isEqualTo("llm");
      assertThat(diagnosis.action()).isEqualTo(Action.RETRY_STAGE);
      assertThat(diagnosis.tokensIn()).isEqualTo(700);
    } else {
      assertThat(diagnosis.brain()).isEqualTo("rules");
      assertThat(diagnosis.tokensIn()).as("known failures cost no tokens").isZero();
    }
    assertThat(brain.name()).isEqualTo(choice.name().toLowerCase());
  }

  @Test
  void hybridSaysWhyItAskedTheModel() {
    TestingBrain rules = TestingBrain.saying(Category.UNKNOWN, 0.2);

    Diagnosis diagnosis = new RoutingBrain(BrainChoice.HYBRID, rules, Optional.of(llm(rules)), 0.6)
        .diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy());

    assertThat(diagnosis.notes())
        .contains("hybrid: rules brain said unknown with confidence 0.20 (threshold 0.60), so the llm was asked");
  }

  @Test
  void withoutAProviderTheDefaultIsRulesAndAnLlmChoiceSaysSo() {
    TestingBrain rules = TestingBrain.saying(Category.UNKNOWN, 0.1);
    Brains brains = Brains.create(Optional.empty(), rules, Redactor.none(), new SimpleMeterRegistry());

    assertThat(brains.defaultChoice()).isEqualTo(BrainChoice.RULES);
    assertThat(brains.forChoice(null).name()).isEqualTo("rules");
    Diagnosis diagnosis = brains.forChoice(BrainChoice.LLM).diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy());
    assertThat(diagnosis.brain()).isEqualTo("rules");
    assertThat(diagnosis.notes()).containsExactly("brain llm chosen, but no LLM provider is configured: rules answered");
  }

  @Test
  void withAProviderTheDefaultIsHybrid() {
    LlmSettings settings = LlmTestSupport.settings(LlmProvider.OLLAMA, "http://127.0.0.1:9", Map.of());
    Brains brains = Brains.create(Optional.of(settings), TestingBrain.saying(Category.OOM, 0.9), Redactor.none(),
        new SimpleMeterRegistry());

    assertThat(brains.defaultChoice()).isEqualTo(BrainChoice.HYBRID);
    assertThat(brains.forChoice(null).name()).isEqualTo("hybrid");
    assertThat(brains.forChoice(BrainChoice.RULES).name()).isEqualTo("rules");
  }
}
