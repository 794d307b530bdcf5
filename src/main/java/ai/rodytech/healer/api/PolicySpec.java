package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The desired guardrails for one pipeline. Every field beyond the article's is optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicySpec {

  @Required
  @Size(min = 1, max = 63)
  @Pattern(PolicyValidator.LABEL_VALUE_REGEX)
  @JsonPropertyDescription(
      "Name of the CI pipeline this policy guards. A run belongs to it when its label rodytech.ai/pipeline"
          + " equals this name, else when the CronJob that owns it has this name, else when the run's own name"
          + " (or generateName) is this name followed by '-' and a suffix. See docs/semantics.md.")
  private String targetPipeline;

  @Default("1")
  @Min(1)
  @JsonPropertyDescription(
      "Number of consecutive failed runs of the pipeline (the healer's own retries included) at which the"
          + " healer steps in. A successful run resets the count. 1 means: act on the first failure.")
  private Integer failureThreshold = 1;

  @JsonPropertyDescription(
      "Strategies the healer may use. Anything else, or a failure no allowed strategy fits, alerts a human."
          + " retry_stage: run the failed run again unchanged; increase_memory: run again with more memory for"
          + " the container that was OOM-killed; patch_dependency_version: run again with an image tag/digest or"
          + " a named version pin set back to the last known good value.")
  private List<HealingStrategy> allowedStrategies = new ArrayList<>();

  @JsonPropertyDescription("Checks every change must pass before it is applied.")
  private SafetyChecks safetyChecks = new SafetyChecks();

  @JsonPropertyDescription("Limits for the increase_memory strategy.")
  private MemorySettings memory;

  @JsonPropertyDescription(
      "Names of environment variables (in the run's containers) that hold a dependency version and that"
          + " patch_dependency_version may set back to the last known good value, e.g. NODE_VERSION.")
  private List<String> versionPins;

  @Default("enforce")
  @JsonPropertyDescription(
      "enforce: apply approved changes. shadow: do everything (diagnosis, guard, dry run) and record what would"
          + " have been done in the incident, but never change the cluster.")
  private Mode mode = Mode.ENFORCE;

  @Default("none")
  @JsonPropertyDescription(
      "none: approved changes are applied at once. required: the incident waits in PendingApproval until a person"
          + " annotates it rodytech.ai/approve=true (or rodytech.ai/reject=true), or runs 'healer approve|reject'.")
  private Approval approval = Approval.NONE;

  @JsonPropertyDescription(
      "Which brain diagnoses failures. rules: the built-in offline rules only. llm: the configured LLM provider,"
          + " falling back to rules. hybrid: rules first, the LLM only when rules are unsure. Unset: hybrid when"
          + " the operator has an LLM provider configured, else rules.")
  private BrainChoice brain;

  @JsonPropertyDescription("Where to alert a person when the healer will not (or may not) act.")
  private AlertSettings alerts;

  @JsonPropertyDescription(
      "How the healer learns from this pipeline's own history: tests known to be flaky are retried, and a"
          + " strategy whose corrective runs keep failing for a signature is no longer chosen. See docs/history.md.")
  private HistorySettings history;

  public String getTargetPipeline() {
    return targetPipeline;
  }

  public void setTargetPipeline(String targetPipeline) {
    this.targetPipeline = targetPipeline;
  }

  public Integer getFailureThreshold() {
    return failureThreshold;
  }

  public void setFailureThreshold(Integer failureThreshold) {
    this.failureThreshold = failureThreshold;
  }

  public List<HealingStrategy> getAllowedStrategies() {
    return allowedStrategies;
  }

  public void setAllowedStrategies(List<HealingStrategy> allowedStrategies) {
    this.allowedStrategies = allowedStrategies;
  }

  public SafetyChecks getSafetyChecks() {
    return safetyChecks;
  }

  public void setSafetyChecks(SafetyChecks safetyChecks) {
    this.safetyChecks = safetyChecks;
  }

  public MemorySettings getMemory() {
    return memory;
  }

  public void setMemory(MemorySettings memory) {
    this.memory = memory;
  }

  public List<String> getVersionPins() {
    return versionPins;
  }

  public void setVersionPins(List<String> versionPins) {
    this.versionPins = versionPins;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Approval getApproval() {
    return approval;
  }

  public void setApproval(Approval approval) {
    this.approval = approval;
  }

  public BrainChoice getBrain() {
    return brain;
  }

  public void setBrain(BrainChoice brain) {
    this.brain = brain;
  }

  public AlertSettings getAlerts() {
    return alerts;
  }

  public void setAlerts(AlertSettings alerts) {
    this.alerts = alerts;
  }

  public HistorySettings getHistory() {
    return history;
  }

  public void setHistory(HistorySettings history) {
    this.history = history;
  }
}
