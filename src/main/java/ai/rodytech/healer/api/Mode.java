package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether approved changes are applied (enforce) or only recorded (shadow). */
public enum Mode {
  @JsonProperty("enforce")
  ENFORCE,
  @JsonProperty("shadow")
  SHADOW;
}
