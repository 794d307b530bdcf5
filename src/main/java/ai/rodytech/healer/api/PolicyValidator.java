package ai.rodytech.healer.api;

import ai.rodytech.healer.core.history.HistoryRules;
import ai.rodytech.healer.core.history.Ledger;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The semantic checks of a policy: what the CRD schema cannot say, or says only to the API server. The
 * operator calls {@link #validate(PipelineRecoveryPolicy)} to set the Invalid condition; {@code healer
 * validate} calls it after the structural checks of {@link PolicyFileReader}. Wording matches the schema's
 * minimums and maximums, so a value reads the same wherever it is caught.
 */
public final class PolicyValidator {
  /** A Kubernetes label value: the pipeline name is matched against the rodytech.ai/pipeline label. */
  static final String LABEL_VALUE_REGEX = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
  /** A DNS-1123 subdomain, as Kubernetes requires for the names of Secrets. */
  static final String DNS_SUBDOMAIN_REGEX = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_REGEX);

  /** The schema's own pattern for memory quantities, so that the file and the cluster agree. */
  static final Pattern MEMORY_QUANTITY = Pattern.compile(MemorySettings.QUANTITY);

  static final Pattern ENV_VAR_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  static final Pattern DNS_SUBDOMAIN = Pattern.compile(DNS_SUBDOMAIN_REGEX);

  static final int MAX_LABEL_VALUE = 63;
  static final int MAX_DIFF_LINES = 500;

  private final List<FieldProblem> problems = new ArrayList<>();

  private PolicyValidator() {}

  /** Every semantic problem of the policy's spec, in field order; empty when the policy is valid. */
  public static List<FieldProblem> validate(PipelineRecoveryPolicy policy) {
    PolicyValidator validator = new PolicyValidator();
    if (policy.getSpec() == null) {
      validator.problems.add(new FieldProblem("spec", "required"));
    } else {
      validator.checkSpec(policy.getSpec());
    }
    return List.copyOf(validator.problems);
  }

  private void checkSpec(PolicySpec spec) {
    checkTargetPipeline(spec.getTargetPipeline());
    atLeast("spec.failureThreshold", spec.getFailureThreshold(), 1);
    checkStrategies(spec.getAllowedStrategies());
    if (spec.getSafetyChecks() != null) {
      SafetyChecks safety = spec.getSafetyChecks();
      atLeast("spec.safetyChecks.maxRetries", safety.getMaxRetries(), 0);
      if (atLeast("spec.safetyChecks.maxDiffLines", safety.getMaxDiffLines(), 1)) {
        atMost("spec.safetyChecks.maxDiffLines", safety.getMaxDiffLines(), MAX_DIFF_LINES);
      }
      atLeast("spec.safetyChecks.cooldownSeconds", safety.getCooldownSeconds(), 0);
      atLeast("spec.safetyChecks.maxHealsPerHour", safety.getMaxHealsPerHour(), 0);
      atMost("spec.safetyChecks.maxHealsPerHour", safety.getMaxHealsPerHour(), 1000);
    }
    checkMemory(spec.getMemory());
    checkVersionPins(spec.getVersionPins());
    checkAlerts(spec.getAlerts());
    checkHistory(spec.getHistory());
  }

  private void checkTargetPipeline(String target) {
    String field = "spec.targetPipeline";
    if (target == null) {
      problems.add(new FieldProblem(field, "required"));
    } else if (target.isBlank()) {
      problems.add(new FieldProblem(field, "must not be blank"));
    } else if (target.length() > MAX_LABEL_VALUE || !LABEL_VALUE.matcher(target).matches()) {
      problems.add(
          new FieldProblem(
              field,
              quoted(target) + " is not a valid label value: at most 63 letters, digits, '-', '_' or '.',"
                  + " starting and ending with a letter or digit"));
    }
  }

  private void checkStrategies(List<HealingStrategy> strategies) {
    if (strategies == null) {
      return;
    }
    Set<HealingStrategy> seen = new HashSet<>();
    for (int i = 0; i < strategies.size(); i++) {
      String field = "spec.allowedStrategies[" + i + "]";
      HealingStrategy strategy = strategies.get(i);
      if (strategy == null) {
        // A value the enum does not know reads as null when the client tolerates unknown enum values.
        problems.add(
            new FieldProblem(field, "unknown strategy; allowed: " + String.join(", ", WireNames.of(HealingStrategy.class))));
      } else if (!seen.add(strategy)) {
        problems.add(new FieldProblem(field, quoted(strategy.wireName()) + " is listed twice"));
      }
    }
  }

  private void checkMemory(MemorySettings memory) {
    if (memory == null) {
      return;
    }
    Long ceiling = quantity("spec.memory.ceiling", memory.getCeiling(), PolicyRulesMapper.DEFAULT_MEMORY_CEILING);
    Long initial =
        quantity("spec.memory.initialLimit", memory.getInitialLimit(), PolicyRulesMapper.DEFAULT_MEMORY_INITIAL);
    if (ceiling != null && initial != null && initial > ceiling) {
      String ceilingText = memory.getCeiling() == null ? PolicyRulesMapper.DEFAULT_MEMORY_CEILING : memory.getCeiling();
      problems.add(
          new FieldProblem(
              "spec.memory.initialLimit",
              "must not be above the ceiling (" + memory.getInitialLimit() + " > " + ceilingText + ")"));
    }
  }

  /** Bytes of a quantity, or null after reporting why it is not one. */
  private Long quantity(String field, String value, String fallback) {
    String text = value == null ? fallback : value;
    if (!MEMORY_QUANTITY.matcher(text).matches()) {
      problems.add(new FieldProblem(field, quoted(text) + " is not a memory quantity (e.g. 512Mi, 2Gi)"));
      return null;
    }
    long bytes;
    try {
      bytes = MemoryQuantity.parseBytes(text);
    } catch (IllegalArgumentException e) {
      problems.add(new FieldProblem(field, quoted(text) + " is too large"));
      return null;
    }
    if (bytes <= 0) {
      problems.add(new FieldProblem(field, "must be more than 0"));
      return null;
    }
    return bytes;
  }

  private void checkVersionPins(List<String> pins) {
    if (pins == null) {
      return;
    }
    for (int i = 0; i < pins.size(); i++) {
      String pin = pins.get(i);
      if (pin == null || !ENV_VAR_NAME.matcher(pin).matches()) {
        problems.add(
            new FieldProblem(
                "spec.versionPins[" + i + "]",
                quoted(String.valueOf(pin))
                    + " is not an environment variable name (letters, digits and '_', not starting with a digit)"));
      }
    }
  }

  private void checkAlerts(AlertSettings alerts) {
    if (alerts == null) {
      return;
    }
    String secretName = alerts.getSecretName();
    boolean hasChannels = alerts.getChannels() != null && !alerts.getChannels().isEmpty();
    if (secretName == null || secretName.isBlank()) {
      if (hasChannels) {
        problems.add(new FieldProblem("spec.alerts.secretName", "required when channels are given"));
      }
    } else if (secretName.length() > 253 || !DNS_SUBDOMAIN.matcher(secretName).matches()) {
      problems.add(
          new FieldProblem(
              "spec.alerts.secretName",
              quoted(secretName) + " is not a valid Secret name (lower-case letters, digits, '-' and '.')"));
    }
    if (alerts.getChannels() != null) {
      for (int i = 0; i < alerts.getChannels().size(); i++) {
        if (alerts.getChannels().get(i) == null) {
          problems.add(
              new FieldProblem(
                  "spec.alerts.channels[" + i + "]",
                  "unknown channel; allowed: " + String.join(", ", WireNames.of(AlertSettings.Channel.class))));
        }
      }
    }
  }

  private void checkHistory(HistorySettings history) {
    if (history == null) {
      return;
    }
    FlakyTestSettings flaky = history.getFlakyTests();
    if (flaky != null) {
      String prefix = "spec.history.flakyTests.";
      between(prefix + "flipRateThreshold", flaky.getFlipRateThreshold(), 0, 1);
      boolean window = between(prefix + "windowRuns", flaky.getWindowRuns(), 2, Ledger.MAX_RUNS);
      boolean sample = between(prefix + "minimumSample", flaky.getMinimumSample(), 2, Ledger.MAX_RUNS);
      int windowRuns = flaky.getWindowRuns() == null ? HistoryRules.DEFAULT_WINDOW_RUNS : flaky.getWindowRuns();
      int minimumSample =
          flaky.getMinimumSample() == null ? HistoryRules.DEFAULT_MINIMUM_SAMPLE : flaky.getMinimumSample();
      if (window && sample && minimumSample > windowRuns) {
        problems.add(new FieldProblem(prefix + "minimumSample",
            "must not be above windowRuns (" + minimumSample + " > " + windowRuns + ")"));
      }
      between(prefix + "recoveryDays", flaky.getRecoveryDays(), 1, FlakyTestSettings.MAX_RECOVERY_DAYS);
      between(prefix + "massFailureTests", flaky.getMassFailureTests(), 2, Ledger.MAX_TESTS_PER_RUN);
    }
    TrackRecordSettings record = history.getTrackRecord();
    if (record != null) {
      between("spec.history.trackRecord.minimumAttempts", record.getMinimumAttempts(), 1, Ledger.RECENT_OUTCOMES);
      between("spec.history.trackRecord.cutoff", record.getCutoff(), 0, 1);
    }
  }

  private boolean between(String field, Integer value, int minimum, int maximum) {
    if (!atLeast(field, value, minimum)) {
      return false;
    }
    atMost(field, value, maximum);
    return value == null || value <= maximum;
  }

  private void between(String field, Double value, int minimum, int maximum) {
    if (value != null && value < minimum) {
      problems.add(new FieldProblem(field, "must be >= " + minimum));
    } else if (value != null && value > maximum) {
      problems.add(new FieldProblem(field, "must be <= " + maximum));
    }
  }

  private boolean atLeast(String field, Integer value, int minimum) {
    if (value != null && value < minimum) {
      problems.add(new FieldProblem(field, "must be >= " + minimum));
      return false;
    }
    return true;
  }

  private void atMost(String field, Integer value, int maximum) {
    if (value != null && value > maximum) {
      problems.add(new FieldProblem(field, "must be <= " + maximum));
    }
  }

  private static String quoted(String text) {
    return Quoted.value(text);
  }
}
