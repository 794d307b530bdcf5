package ai.rodytech.healer.api;

import ai.rodytech.healer.core.history.HistoryRules;
import ai.rodytech.healer.core.history.Ledger;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Thresholds for flaky tests from history. A test that failed and passed on the same commit is flaky; so is one
 * whose results flip too often over the latest runs. Defaults: {@link HistoryRules#DEFAULTS}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FlakyTestSettings {
  static final int MAX_RECOVERY_DAYS = 365;

  @Default("0.2")
  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "A test whose results flip between pass and fail at this rate or more over the latest windowRuns runs"
          + " (flips divided by results minus one), failing at least twice apart, is flaky.")
  private Double flipRateThreshold;

  @Default("30")
  @Min(2)
  @Max(Ledger.MAX_RUNS)
  @JsonPropertyDescription("The latest runs of the pipeline the flip rate is measured over.")
  private Integer windowRuns;

  @Default("10")
  @Min(2)
  @Max(Ledger.MAX_RUNS)
  @JsonPropertyDescription(
      "Known results of a test (passed in a successful run, or named failing in a failed run) needed within the"
          + " window before its flip rate counts. Not above windowRuns.")
  private Integer minimumSample;

  @Default("14")
  @Min(1)
  @Max(MAX_RECOVERY_DAYS)
  @JsonPropertyDescription(
      "Days after which evidence of flaking expires: a test with no newer evidence is no longer flaky.")
  private Integer recoveryDays;

  @Default("10")
  @Min(2)
  @Max(Ledger.MAX_TESTS_PER_RUN)
  @JsonPropertyDescription(
      "A run in which this many tests or more failed at once is an outage, not evidence of flaking; such a failure"
          + " is never retried as flaky.")
  private Integer massFailureTests;

  public Double getFlipRateThreshold() {
    return flipRateThreshold;
  }

  public void setFlipRateThreshold(Double flipRateThreshold) {
    this.flipRateThreshold = flipRateThreshold;
  }

  public Integer getWindowRuns() {
    return windowRuns;
  }

  public void setWindowRuns(Integer windowRuns) {
    this.windowRuns = windowRuns;
  }

  public Integer getMinimumSample() {
    return minimumSample;
  }

  public void setMinimumSample(Integer minimumSample) {
    this.minimumSample = minimumSample;
  }

  public Integer getRecoveryDays() {
    return recoveryDays;
  }

  public void setRecoveryDays(Integer recoveryDays) {
    this.recoveryDays = recoveryDays;
  }

  public Integer getMassFailureTests() {
    return massFailureTests;
  }

  public void setMassFailureTests(Integer massFailureTests) {
    this.massFailureTests = massFailureTests;
  }
}
