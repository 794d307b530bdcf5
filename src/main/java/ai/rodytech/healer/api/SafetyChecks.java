package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Checks every proposed change passes before it reaches the cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SafetyChecks {

  @Default("true")
  @JsonPropertyDescription(
      "Create every new run with a server-side dry run (dryRun=All) first; apply it only when the dry run"
          + " succeeds and the diff passes the guard. A failed dry run is a refusal.")
  private Boolean dryRun = true;

  @Default("3")
  @Min(0)
  @JsonPropertyDescription(
      "Heal attempts per failure lineage (a failed run and the runs the healer created from it). When they are"
          + " used up the healer stops and alerts a human. 0 means: never act, only diagnose and alert.")
  private Integer maxRetries = 3;

  @Default("20")
  @Min(1)
  @Max(500)
  @JsonPropertyDescription(
      "Largest change allowed, in changed lines of the unified diff of the run before and after"
          + " (metadata lines the healer writes itself are not counted).")
  private Integer maxDiffLines = 20;

  @Default("10")
  @Min(0)
  @JsonPropertyDescription(
      "Seconds to wait after one heal attempt of a lineage was created before the next one may be created.")
  private Integer cooldownSeconds = 10;

  @Default("10")
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription(
      "Corrective runs the healer may create for the pipeline in any hour, over all its lineages. Past it, a"
          + " failure goes to a person with the reason. 0 means: never act.")
  private Integer maxHealsPerHour = 10;

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }

  public Integer getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  public Integer getMaxDiffLines() {
    return maxDiffLines;
  }

  public void setMaxDiffLines(Integer maxDiffLines) {
    this.maxDiffLines = maxDiffLines;
  }

  public Integer getMaxHealsPerHour() {
    return maxHealsPerHour;
  }

  public void setMaxHealsPerHour(Integer maxHealsPerHour) {
    this.maxHealsPerHour = maxHealsPerHour;
  }

  public Integer getCooldownSeconds() {
    return cooldownSeconds;
  }

  public void setCooldownSeconds(Integer cooldownSeconds) {
    this.cooldownSeconds = cooldownSeconds;
  }
}
