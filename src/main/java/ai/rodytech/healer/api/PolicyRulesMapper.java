package ai.rodytech.healer.api;

import ai.rodytech.healer.core.history.HistoryRules;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import ai.rodytech.healer.core.policy.PolicyRules;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads a policy spec into the decision core's {@link PolicyRules}, applying every default. */
public final class PolicyRulesMapper {
  public static final String DEFAULT_MEMORY_CEILING = "8Gi";
  public static final String DEFAULT_MEMORY_INITIAL = "1Gi";

  private PolicyRulesMapper() {}

  /** Maps a spec that passed validation; a bad value here throws IllegalArgumentException. */
  public static PolicyRules toRules(PolicySpec spec) {
    SafetyChecks safety = Optional.ofNullable(spec.getSafetyChecks()).orElseGet(SafetyChecks::new);
    MemorySettings memory = Optional.ofNullable(spec.getMemory()).orElseGet(MemorySettings::new);
    EnumSet<ai.rodytech.healer.core.plan.Action> actions = EnumSet.noneOf(ai.rodytech.healer.core.plan.Action.class);
    Optional.ofNullable(spec.getAllowedStrategies()).orElse(List.of()).stream()
        .filter(Objects::nonNull)
        .forEach(s -> actions.add(s.action()));
    return new PolicyRules(
        spec.getTargetPipeline(),
        orDefault(spec.getFailureThreshold(), 1),
        actions,
        Optional.ofNullable(safety.getDryRun()).orElse(true),
        orDefault(safety.getMaxRetries(), 3),
        orDefault(safety.getMaxDiffLines(), 20),
        Duration.ofSeconds(orDefault(safety.getCooldownSeconds(), 10)),
        MemoryQuantity.parseBytes(Optional.ofNullable(memory.getCeiling()).orElse(DEFAULT_MEMORY_CEILING)),
        MemoryQuantity.parseBytes(Optional.ofNullable(memory.getInitialLimit()).orElse(DEFAULT_MEMORY_INITIAL)),
        Optional.ofNullable(spec.getVersionPins()).orElse(List.of()).stream().filter(Objects::nonNull).toList(),
        spec.getMode() == Mode.SHADOW,
        spec.getApproval() == Approval.REQUIRED,
        orDefault(safety.getMaxHealsPerHour(), 10));
  }

  /** The history thresholds of a spec that passed validation, every default applied. */
  public static HistoryRules historyRules(PolicySpec spec) {
    HistorySettings history = Optional.ofNullable(spec.getHistory()).orElseGet(HistorySettings::new);
    FlakyTestSettings flaky = Optional.ofNullable(history.getFlakyTests()).orElseGet(FlakyTestSettings::new);
    TrackRecordSettings record = Optional.ofNullable(history.getTrackRecord()).orElseGet(TrackRecordSettings::new);
    HistoryRules defaults = HistoryRules.DEFAULTS;
    return new HistoryRules(
        Optional.ofNullable(flaky.getFlipRateThreshold()).orElse(defaults.flipRateThreshold()),
        orDefault(flaky.getWindowRuns(), defaults.windowRuns()),
        orDefault(flaky.getMinimumSample(), defaults.minimumSample()),
        flaky.getRecoveryDays() == null ? defaults.recoveryWindow() : Duration.ofDays(flaky.getRecoveryDays()),
        orDefault(flaky.getMassFailureTests(), defaults.massFailureTests()),
        orDefault(record.getMinimumAttempts(), defaults.trackRecordMinimumAttempts()),
        Optional.ofNullable(record.getCutoff()).orElse(defaults.trackRecordCutoff()));
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
