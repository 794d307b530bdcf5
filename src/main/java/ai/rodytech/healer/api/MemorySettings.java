package ai.rodytech.healer.api;

import ai.rodytech.healer.core.plan.MemoryQuantity;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Bounds of the increase_memory strategy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemorySettings {
  /** Kubernetes' quantity grammar (Ki…Ei, k…E, m, exponents), declared once beside the parser that reads it. */
  static final String QUANTITY = MemoryQuantity.PATTERN;

  @Default("8Gi")
  @Pattern(QUANTITY)
  @JsonPropertyDescription(
      "Highest memory limit increase_memory may set on a container. Once a container is at the ceiling and is"
          + " OOM-killed again, a human is alerted.")
  private String ceiling = "8Gi";

  @Default("1Gi")
  @Pattern(QUANTITY)
  @JsonPropertyDescription(
      "Limit given to a killed container that had no memory limit and no memory request to start from.")
  private String initialLimit = "1Gi";

  public String getCeiling() {
    return ceiling;
  }

  public void setCeiling(String ceiling) {
    this.ceiling = ceiling;
  }

  public String getInitialLimit() {
    return initialLimit;
  }

  public void setInitialLimit(String initialLimit) {
    this.initialLimit = initialLimit;
  }
}
