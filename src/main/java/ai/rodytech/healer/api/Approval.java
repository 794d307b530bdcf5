package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a person must approve each change first. */
public enum Approval {
  @JsonProperty("none")
  NONE,
  @JsonProperty("required")
  REQUIRED;
}
