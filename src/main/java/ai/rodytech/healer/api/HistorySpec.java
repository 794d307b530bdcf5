package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Which pipeline a history is of. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HistorySpec {
  @JsonPropertyDescription("The pipeline, as policies name it in spec.targetPipeline.")
  private String pipeline;

  public HistorySpec() {}

  public HistorySpec(String pipeline) {
    this.pipeline = pipeline;
  }

  public String getPipeline() {
    return pipeline;
  }

  public void setPipeline(String pipeline) {
    this.pipeline = pipeline;
  }
}
