package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the healer learns from the pipeline's own history: flaky tests and each strategy's track record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HistorySettings {

  @JsonPropertyDescription(
      "When a failing test counts as flaky from history. The next failure whose failing tests are all known"
          + " flaky is retried (retry_stage), even if the log alone looks like a genuine failure.")
  private FlakyTestSettings flakyTests;

  @JsonPropertyDescription(
      "When a strategy stops being chosen for a failure signature because its corrective runs keep failing.")
  private TrackRecordSettings trackRecord;

  public FlakyTestSettings getFlakyTests() {
    return flakyTests;
  }

  public void setFlakyTests(FlakyTestSettings flakyTests) {
    this.flakyTests = flakyTests;
  }

  public TrackRecordSettings getTrackRecord() {
    return trackRecord;
  }

  public void setTrackRecord(TrackRecordSettings trackRecord) {
    this.trackRecord = trackRecord;
  }
}
