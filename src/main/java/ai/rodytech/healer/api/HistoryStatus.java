package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored ledger of one pipeline. Plain public fields: a data record, read and written whole by the run
 * ledger ({@link HistoryStatusMapper} converts it to and from the decision core's model). Short keys on the
 * per-run records, which are the bulk of the object.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class HistoryStatus {

  @JsonPropertyDescription("Finished runs recorded since the history began, including those rolled off.")
  public Long runsRecorded;

  @JsonPropertyDescription(
      "Runs that finished at or before this time (RFC 3339) are recorded, or too old to be: the finish time of the"
          + " latest run that rolled off.")
  public String watermark;

  @JsonPropertyDescription("Failed runs since the latest successful one (among the runs kept).")
  public Integer consecutiveFailures;

  @JsonPropertyDescription("Tests with evidence of flaking (failed and passed on the same commit).")
  public Integer testsWithEvidence;

  @JsonPropertyDescription("When the latest recorded run finished (RFC 3339).")
  public String lastRunAt;

  @JsonPropertyDescription("The latest finished runs, oldest first (at most 150, fewer when they are large).")
  public List<Run> runs = new ArrayList<>();

  @JsonPropertyDescription("Tests seen failing and passing on the same input, with the latest evidence.")
  public List<TestRecord> tests = new ArrayList<>();

  @JsonPropertyDescription("How each healing strategy did for each failure signature, least recently used first.")
  public List<TrackRecordEntry> trackRecords = new ArrayList<>();

  /** One finished run. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Run {
    @JsonPropertyDescription("The run's UID.")
    public String uid;
    @JsonPropertyDescription("The run's name.")
    public String name;
    @JsonPropertyDescription("When it finished (RFC 3339).")
    public String finished;
    @JsonPropertyDescription("Whether it succeeded.")
    public Boolean ok;
    @JsonPropertyDescription("The commit it built, when known.")
    public String rev;
    @JsonPropertyDescription("A fingerprint of the image digests it ran (12 hex digits), when known.")
    public String images;
    @JsonPropertyDescription("The first failing tests (at most 20).")
    public List<String> failed = new ArrayList<>();
    @JsonPropertyDescription("How many tests failed in all, when more than are listed.")
    public Integer failedCount;
    @JsonPropertyDescription("What the healer decided for this failure.")
    public Choice decision;
    @JsonPropertyDescription("For a run the healer created: the run that started its lineage.")
    public String retryOf;
    @JsonPropertyDescription("For a run the healer created: its attempt number in the lineage.")
    public Integer attempt;
    @JsonPropertyDescription("For a run the healer created: the decision that created it.")
    public Choice chosenBy;
  }

  /** A decision: the signatures that decided and the strategy chosen. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Choice {
    @JsonPropertyDescription("Signature ids, the deciding one first.")
    public List<String> signatures = new ArrayList<>();
    @JsonPropertyDescription("The strategy chosen, or alert_human.")
    public String strategy;
  }

  /** A test's evidence of flaking. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class TestRecord {
    @JsonPropertyDescription("The test's name.")
    public String test;
    @JsonPropertyDescription("The latest times it failed and passed on the same input, oldest first (at most 3).")
    public List<SameRevision> sameRevision = new ArrayList<>();
  }

  /** One time a test failed and passed on the same input. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class SameRevision {
    @JsonPropertyDescription("When the later of the two runs finished (RFC 3339).")
    public String at;
    @JsonPropertyDescription("The commit both runs built.")
    public String rev;
    @JsonPropertyDescription("The run the test failed in.")
    public String failedRun;
    @JsonPropertyDescription("The run that passed.")
    public String passedRun;
    @JsonPropertyDescription("How many tests failed in the failed run.")
    public Integer testsFailed;
  }

  /** One strategy's record for one signature. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class TrackRecordEntry {
    @JsonPropertyDescription("The signature that chose the strategy.")
    public String signature;
    @JsonPropertyDescription("The strategy.")
    public String strategy;
    @JsonPropertyDescription("The latest outcomes, oldest first: H healed, F failed (at most 20).")
    public String recent;
    @JsonPropertyDescription("Attempts that healed since 'since'.")
    public Integer healed;
    @JsonPropertyDescription("Attempts since 'since'.")
    public Integer attempts;
    @JsonPropertyDescription("When the latest attempt finished (RFC 3339).")
    public String lastAttemptAt;
    @JsonPropertyDescription("When counting started (RFC 3339).")
    public String since;
  }
}
