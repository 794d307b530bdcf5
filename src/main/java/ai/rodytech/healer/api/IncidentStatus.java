package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a lineage. Plain public fields: this is a data record, read and written whole by the
 * operator's incident store. All text here is redacted before it is written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IncidentStatus {

  @JsonPropertyDescription(
      "Healing (an attempt is decided or running), PendingApproval, Healed, NeedsHuman, Failed (a corrective run"
          + " could not be created or never started), Shadowed or Rejected.")
  public String outcome;

  @JsonPropertyDescription("The action of the latest decision: retry_stage, increase_memory, patch_dependency_version or alert_human.")
  public String action;

  @JsonPropertyDescription("Heal attempts created in this lineage.")
  public Integer attempts = 0;

  @JsonPropertyDescription("A redacted summary of the latest failure snapshot.")
  public SnapshotSummary snapshot;

  @JsonPropertyDescription("The latest diagnosis.")
  public DiagnosisRecord diagnosis;

  @JsonPropertyDescription("Runs in this lineage, oldest first.")
  public List<RunRecord> runs = new ArrayList<>();

  @JsonPropertyDescription("Every decision, with the guard's verdict and the diff it judged.")
  public List<DecisionRecord> decisions = new ArrayList<>();

  @JsonPropertyDescription("Everything done, with timestamps: dry runs, creations, alerts, approvals.")
  public List<ActionRecord> actions = new ArrayList<>();

  @JsonPropertyDescription(
      "The corrective run decided for the next attempt, written before it is created and kept until it finishes:"
          + " a restart finishes the same decision (judged again) instead of taking another.")
  public PendingAction pending;

  @JsonPropertyDescription("Alerts sent that asked a person to act.")
  public Integer pagesSent;

  @JsonPropertyDescription("Alert channels already notified for this incident (no duplicate pages).")
  public List<String> alertedChannels = new ArrayList<>();

  @JsonPropertyDescription("When the outcome last changed (RFC 3339).")
  public String updated;

  /** A redacted summary of a failure snapshot. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SnapshotSummary {
    @JsonPropertyDescription("The failed run.")
    public String run;
    @JsonPropertyDescription("The failed container.")
    public String container;
    @JsonPropertyDescription("The failed container's exit code.")
    public Integer exitCode;
    @JsonPropertyDescription("Termination or condition reason.")
    public String reason;
    @JsonPropertyDescription("The run's failure message.")
    public String message;
    @JsonPropertyDescription("The last lines of the log, redacted.")
    public String logExcerpt;
    @JsonPropertyDescription("What could not be observed.")
    public List<String> missing = new ArrayList<>();
  }

  /** A diagnosis as recorded. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DiagnosisRecord {
    @JsonPropertyDescription("Failure category.")
    public String category;
    @JsonPropertyDescription("Confidence, 0 to 1, as a decimal string.")
    public String confidence;
    @JsonPropertyDescription("One-sentence summary.")
    public String summary;
    @JsonPropertyDescription("Evidence lines.")
    public List<EvidenceLine> evidence = new ArrayList<>();
    @JsonPropertyDescription("Failing tests named by the log.")
    public List<String> failingTests = new ArrayList<>();
    @JsonPropertyDescription("Which brain answered.")
    public String brain;
    @JsonPropertyDescription("Prompt tokens the diagnosis cost (0 for the rules brain).")
    public Integer tokensIn;
    @JsonPropertyDescription("Completion tokens the diagnosis cost (0 for the rules brain).")
    public Integer tokensOut;
    @JsonPropertyDescription("Fallbacks and other notes on how the answer came about.")
    public List<String> notes = new ArrayList<>();
  }

  /** One evidence line. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EvidenceLine {
    @JsonPropertyDescription("1-based line number in the log; 0 when not a log line.")
    public Long line;
    @JsonPropertyDescription("The line, redacted.")
    public String text;

    public EvidenceLine() {}

    public EvidenceLine(long line, String text) {
      this.line = line;
      this.text = text;
    }
  }

  /** One run of the lineage. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RunRecord {
    @JsonPropertyDescription("Run name.")
    public String name;
    @JsonPropertyDescription("0 for the original run, N for the healer's N-th attempt.")
    public Integer attempt;
    @JsonPropertyDescription("Failed, Succeeded or Running.")
    public String result;
    @JsonPropertyDescription("When the result was seen (RFC 3339).")
    public String at;
  }

  /** One decision and the guard's verdict on it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DecisionRecord {
    @JsonPropertyDescription("The attempt number this decision would create.")
    public Integer attempt;
    @JsonPropertyDescription("The brain that proposed it.")
    public String brain;
    @JsonPropertyDescription("The proposed action.")
    public String action;
    @JsonPropertyDescription("The signatures (patterns, history rulings) that decided the diagnosis.")
    public List<String> signatures = new ArrayList<>();
    @JsonPropertyDescription("The concrete plan, in words.")
    public String plan;
    @JsonPropertyDescription("The proposal's arguments.")
    public Map<String, String> arguments = new LinkedHashMap<>();
    @JsonPropertyDescription("Approved, Refused or Deferred.")
    public String verdict;
    @JsonPropertyDescription("The guard's reason code when not approved.")
    public String reason;
    @JsonPropertyDescription("The guard's message, or the checks passed.")
    public String message;
    @JsonPropertyDescription("Unified diff of the run before and after.")
    public String diff;
    @JsonPropertyDescription("When it was decided (RFC 3339).")
    public String at;
  }

  /** One thing done. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ActionRecord {
    @JsonPropertyDescription("DryRun, Create, WouldCreate (shadow), Alert, Approve, Reject.")
    public String kind;
    @JsonPropertyDescription("What it was done to: a run name, an alert channel.")
    public String target;
    @JsonPropertyDescription("Succeeded, Failed, Skipped.")
    public String result;
    @JsonPropertyDescription("Details, e.g. the API's error message.")
    public String message;
    @JsonPropertyDescription("When (RFC 3339).")
    public String at;

    public ActionRecord() {}

    public ActionRecord(String kind, String target, String result, String message, String at) {
      this.kind = kind;
      this.target = target;
      this.result = result;
      this.message = message;
      this.at = at;
    }
  }

  /**
   * The corrective run decided for the lineage's next attempt, until that run finishes. It is a record of the
   * decision, never an order: whoever carries it out (after an approval, after a restart) rebuilds the run from
   * the failed run and the plan, and judges it again against the policy as it is then.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PendingAction {
    @JsonPropertyDescription("The attempt number it creates.")
    public Integer attempt;
    @JsonPropertyDescription("The run it creates (deterministic name).")
    public String run;
    @JsonPropertyDescription("The action.")
    public String action;
    @JsonPropertyDescription("The failed run it replaces.")
    public String failedRun;
    @JsonPropertyDescription("The UID of the failed run it replaces.")
    public String failedRunUid;
    @JsonPropertyDescription("The plan: what changes in the new run.")
    public PlanRecord plan;
    @JsonPropertyDescription("Whether it waits for a person's approval.")
    public Boolean awaitingApproval;
    @JsonPropertyDescription("Failed attempts to create the run (quota, webhook, API errors), retried with back-off.")
    public Integer createFailures;
    @JsonPropertyDescription("The last reason the creation failed.")
    public String lastCreateError;
    @JsonPropertyDescription("When it was decided (RFC 3339).")
    public String decidedAt;
  }

  /** A recovery plan as recorded: enough to rebuild the same change from the failed run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PlanRecord {
    @JsonPropertyDescription("retry_stage, increase_memory or patch_dependency_version.")
    public String action;
    @JsonPropertyDescription("The container (step, template) the change is made to.")
    public String container;
    @JsonPropertyDescription("increase_memory: the memory limit before.")
    public String fromLimit;
    @JsonPropertyDescription("increase_memory: the new memory limit.")
    public String toLimit;
    @JsonPropertyDescription("increase_memory: the memory request before.")
    public String fromRequest;
    @JsonPropertyDescription("increase_memory: the new memory request.")
    public String toRequest;
    @JsonPropertyDescription("increase_memory: heap caps raised with the limit (-Xmx, --max-old-space-size).")
    public List<EnvChangeRecord> heapCaps = new ArrayList<>();
    @JsonPropertyDescription("patch_dependency_version: the version pin (environment variable), absent for an image.")
    public String envName;
    @JsonPropertyDescription("patch_dependency_version: the value or image before.")
    public String from;
    @JsonPropertyDescription("patch_dependency_version: the new value or image.")
    public String to;
    @JsonPropertyDescription("Why, in a sentence.")
    public String reason;
  }

  /** One environment variable changed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EnvChangeRecord {
    @JsonPropertyDescription("The variable.")
    public String name;
    @JsonPropertyDescription("Its value before.")
    public String from;
    @JsonPropertyDescription("Its new value.")
    public String to;
  }
}
