package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the healer observed and did for the pipeline of a policy. Written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyStatus {

  @JsonPropertyDescription("The metadata.generation of the spec this status was computed from.")
  private Long observedGeneration;

  @SchemaFrom(type = ConditionSchema[].class)
  @JsonPropertyDescription(
      "Ready: the policy is valid and in force. Invalid: a field is wrong (the message names each one)."
          + " Conflict: another policy in the namespace targets the same pipeline; neither acts.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Failed runs of the target pipeline the healer has seen.")
  private Long failuresSeen = 0L;

  @JsonPropertyDescription("Heal attempts (new runs) the healer created.")
  private Long healsAttempted = 0L;

  @JsonPropertyDescription("Heal attempts that ended in a successful run.")
  private Long healsSucceeded = 0L;

  @JsonPropertyDescription("Outcome of the most recent incident: Healed, Failed, NeedsHuman, PendingApproval, Shadowed, Healing.")
  private String lastOutcome;

  @JsonPropertyDescription("Consecutive failed runs of the pipeline since its last success, derived from the runs.")
  private Integer consecutiveFailures = 0;

  @JsonPropertyDescription("Alerts that asked a person to act: an incident that needs a human, a change waiting for"
      + " approval, a heal that failed.")
  private Long pagesSent = 0L;

  @JsonPropertyDescription("Name of the newest PipelineIncident of the target pipeline.")
  private String lastIncident;

  @JsonPropertyDescription("Runs that finished at or before this time (RFC 3339) are in the counters: a run is counted once, also after a restart.")
  private String countedThrough;

  @JsonPropertyDescription("The last few incidents, newest first.")
  private List<IncidentBrief> recentIncidents = new ArrayList<>();

  @JsonPropertyDescription("Dependency versions seen in the pipeline's last successful run.")
  private KnownGood knownGood;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getFailuresSeen() {
    return failuresSeen;
  }

  public void setFailuresSeen(Long failuresSeen) {
    this.failuresSeen = failuresSeen;
  }

  public Long getHealsAttempted() {
    return healsAttempted;
  }

  public void setHealsAttempted(Long healsAttempted) {
    this.healsAttempted = healsAttempted;
  }

  public Long getHealsSucceeded() {
    return healsSucceeded;
  }

  public void setHealsSucceeded(Long healsSucceeded) {
    this.healsSucceeded = healsSucceeded;
  }

  public String getLastOutcome() {
    return lastOutcome;
  }

  public void setLastOutcome(String lastOutcome) {
    this.lastOutcome = lastOutcome;
  }

  public Integer getConsecutiveFailures() {
    return consecutiveFailures;
  }

  public void setConsecutiveFailures(Integer consecutiveFailures) {
    this.consecutiveFailures = consecutiveFailures;
  }

  public Long getPagesSent() {
    return pagesSent;
  }

  public void setPagesSent(Long pagesSent) {
    this.pagesSent = pagesSent;
  }

  public String getLastIncident() {
    return lastIncident;
  }

  public void setLastIncident(String lastIncident) {
    this.lastIncident = lastIncident;
  }

  public String getCountedThrough() {
    return countedThrough;
  }

  public void setCountedThrough(String countedThrough) {
    this.countedThrough = countedThrough;
  }

  public List<IncidentBrief> getRecentIncidents() {
    return recentIncidents;
  }

  public void setRecentIncidents(List<IncidentBrief> recentIncidents) {
    this.recentIncidents = recentIncidents;
  }

  public KnownGood getKnownGood() {
    return knownGood;
  }

  public void setKnownGood(KnownGood knownGood) {
    this.knownGood = knownGood;
  }

  /** One incident in brief. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class IncidentBrief {
    @JsonPropertyDescription("Name of the PipelineIncident.")
    private String name;

    @JsonPropertyDescription("The run that started the lineage.")
    private String run;

    @JsonPropertyDescription("Diagnosed category.")
    private String category;

    @JsonPropertyDescription("Action taken or proposed.")
    private String action;

    @JsonPropertyDescription("Outcome so far.")
    private String outcome;

    @JsonPropertyDescription("When the outcome was last updated (RFC 3339).")
    private String updated;

    public IncidentBrief() {}

    public IncidentBrief(String name, String run, String category, String action, String outcome, String updated) {
      this.name = name;
      this.run = run;
      this.category = category;
      this.action = action;
      this.outcome = outcome;
      this.updated = updated;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getRun() {
      return run;
    }

    public void setRun(String run) {
      this.run = run;
    }

    public String getCategory() {
      return category;
    }

    public void setCategory(String category) {
      this.category = category;
    }

    public String getAction() {
      return action;
    }

    public void setAction(String action) {
      this.action = action;
    }

    public String getOutcome() {
      return outcome;
    }

    public void setOutcome(String outcome) {
      this.outcome = outcome;
    }

    public String getUpdated() {
      return updated;
    }

    public void setUpdated(String updated) {
      this.updated = updated;
    }
  }

  /** Versions a successful run used: the baseline patch_dependency_version pins back to. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class KnownGood {
    @JsonPropertyDescription("The successful run these values come from.")
    private String run;

    @JsonPropertyDescription("Container name to the image it was started from (as written in the run's spec).")
    private Map<String, String> images = new LinkedHashMap<>();

    @JsonPropertyDescription("Container name to the resolved image reference with digest (pod status imageID).")
    private Map<String, String> imageDigests = new LinkedHashMap<>();

    @JsonPropertyDescription("Version pin (environment variable) name to its value.")
    private Map<String, String> pins = new LinkedHashMap<>();

    public String getRun() {
      return run;
    }

    public void setRun(String run) {
      this.run = run;
    }

    public Map<String, String> getImages() {
      return images;
    }

    public void setImages(Map<String, String> images) {
      this.images = images;
    }

    public Map<String, String> getImageDigests() {
      return imageDigests;
    }

    public void setImageDigests(Map<String, String> imageDigests) {
      this.imageDigests = imageDigests;
    }

    public Map<String, String> getPins() {
      return pins;
    }

    public void setPins(Map<String, String> pins) {
      this.pins = pins;
    }
  }
}
