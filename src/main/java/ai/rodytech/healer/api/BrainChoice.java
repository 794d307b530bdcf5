package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which brain diagnoses a failure. */
public enum BrainChoice {
  @JsonProperty("rules")
  RULES,
  @JsonProperty("llm")
  LLM,
  @JsonProperty("hybrid")
  HYBRID;
}
