package ai.rodytech.healer.api;

import ai.rodytech.healer.core.history.Ledger;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** When a strategy's track record for a signature stops the healer from choosing it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrackRecordSettings {
  @Default("5")
  @Min(1)
  @Max(Ledger.RECENT_OUTCOMES)
  @JsonPropertyDescription("Attempts of a strategy for a signature (the latest 20 count) before its record can stop it.")
  private Integer minimumAttempts;

  @Default("0.3")
  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "When the share of the latest attempts that healed falls below this, the strategy is no longer chosen for"
          + " that signature in this pipeline and a person is asked instead, told the record. 0 turns this off."
          + " Reset with 'healer history reset'.")
  private Double cutoff;

  public Integer getMinimumAttempts() {
    return minimumAttempts;
  }

  public void setMinimumAttempts(Integer minimumAttempts) {
    this.minimumAttempts = minimumAttempts;
  }

  public Double getCutoff() {
    return cutoff;
  }

  public void setCutoff(Double cutoff) {
    this.cutoff = cutoff;
  }
}
