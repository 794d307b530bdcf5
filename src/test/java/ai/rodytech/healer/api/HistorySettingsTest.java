package ai.rodytech.healer.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.history.HistoryRules;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** spec.history: the article's policy means the defaults; one mutation per case, one expected problem. */
class HistorySettingsTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void theArticlesPolicyLearnsWithTheDefaults() {
    PipelineRecoveryPolicy policy = policy("policies/seed.yaml");

    assertThat(PolicyValidator.validate(policy)).isEmpty();
    assertThat(PolicyRulesMapper.historyRules(policy.getSpec())).isEqualTo(HistoryRules.DEFAULTS);
  }

  @Test
  void everyFieldOfAFullPolicyIsRead() {
    HistoryRules rules = PolicyRulesMapper.historyRules(policy("policies/full.yaml").getSpec());

    assertThat(rules).isEqualTo(new HistoryRules(0.25, 40, 8, Duration.ofDays(7), 6, 4, 0.5));
  }

  @Test
  void aPartialSectionKeepsTheOtherDefaults() {
    PipelineRecoveryPolicy policy = policy("policies/seed.yaml");
    apply(policy, s -> flaky(s).setWindowRuns(50));

    HistoryRules rules = PolicyRulesMapper.historyRules(policy.getSpec());

    assertThat(rules.windowRuns()).isEqualTo(50);
    assertThat(rules.minimumSample()).isEqualTo(HistoryRules.DEFAULT_MINIMUM_SAMPLE);
    assertThat(rules.trackRecordCutoff()).isEqualTo(HistoryRules.DEFAULT_TRACK_RECORD_CUTOFF);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void eachBadValueIsNamed(String name, Consumer<PolicySpec> mutation, String field, String message) {
    PipelineRecoveryPolicy policy = policy("policies/seed.yaml");
    apply(policy, mutation);

    assertThat(PolicyValidator.validate(policy)).containsExactly(new FieldProblem(field, message));
  }

  static Stream<Arguments> mutations() {
    String flaky = "spec.history.flakyTests.";
    String record = "spec.history.trackRecord.";
    return Stream.of(
        mutation("flip rate above 1", s -> flaky(s).setFlipRateThreshold(1.5), flaky + "flipRateThreshold", "must be <= 1"),
        mutation("flip rate negative", s -> flaky(s).setFlipRateThreshold(-0.1), flaky + "flipRateThreshold", "must be >= 0"),
        mutation("window of one run", s -> flaky(s).setWindowRuns(1), flaky + "windowRuns", "must be >= 2"),
        mutation("window longer than the ledger", s -> flaky(s).setWindowRuns(151), flaky + "windowRuns", "must be <= 150"),
        mutation("sample above the window", s -> {
          flaky(s).setWindowRuns(20);
          flaky(s).setMinimumSample(25);
        }, flaky + "minimumSample", "must not be above windowRuns (25 > 20)"),
        mutation("sample above the default window", s -> flaky(s).setMinimumSample(31), flaky + "minimumSample",
            "must not be above windowRuns (31 > 30)"),
        mutation("no recovery", s -> flaky(s).setRecoveryDays(0), flaky + "recoveryDays", "must be >= 1"),
        mutation("mass failure of one test", s -> flaky(s).setMassFailureTests(1), flaky + "massFailureTests", "must be >= 2"),
        mutation("mass failure beyond the names kept", s -> flaky(s).setMassFailureTests(21), flaky + "massFailureTests",
            "must be <= 20"),
        mutation("no attempts", s -> record(s).setMinimumAttempts(0), record + "minimumAttempts", "must be >= 1"),
        mutation("more attempts than kept", s -> record(s).setMinimumAttempts(21), record + "minimumAttempts", "must be <= 20"),
        mutation("cut-off above 1", s -> record(s).setCutoff(2.0), record + "cutoff", "must be <= 1"));
  }

  private static Arguments mutation(String name, Consumer<PolicySpec> mutation, String field, String message) {
    return Arguments.of(name, mutation, field, message);
  }

  private static FlakyTestSettings flaky(PolicySpec spec) {
    if (spec.getHistory() == null) {
      spec.setHistory(new HistorySettings());
    }
    if (spec.getHistory().getFlakyTests() == null) {
      spec.getHistory().setFlakyTests(new FlakyTestSettings());
    }
    return spec.getHistory().getFlakyTests();
  }

  private static TrackRecordSettings record(PolicySpec spec) {
    if (spec.getHistory() == null) {
      spec.setHistory(new HistorySettings());
    }
    if (spec.getHistory().getTrackRecord() == null) {
      spec.getHistory().setTrackRecord(new TrackRecordSettings());
    }
    return spec.getHistory().getTrackRecord();
  }

  private static void apply(PipelineRecoveryPolicy policy, Consumer<PolicySpec> mutation) {
    mutation.accept(policy.getSpec());
  }

  private static PipelineRecoveryPolicy policy(String resource) {
    try (InputStream in = Objects.requireNonNull(HistorySettingsTest.class.getClassLoader().getResourceAsStream(resource))) {
      return SERIALIZATION.unmarshal(in, PipelineRecoveryPolicy.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
