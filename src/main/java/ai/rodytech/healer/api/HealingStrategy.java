package ai.rodytech.healer.api;

import ai.rodytech.healer.core.plan.Action;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A healing strategy a policy may allow; the names are the article's. */
public enum HealingStrategy {
  @JsonProperty("retry_stage")
  RETRY_STAGE(Action.RETRY_STAGE),
  @JsonProperty("increase_memory")
  INCREASE_MEMORY(Action.INCREASE_MEMORY),
  @JsonProperty("patch_dependency_version")
  PATCH_DEPENDENCY_VERSION(Action.PATCH_DEPENDENCY_VERSION);

  private final Action action;

  HealingStrategy(Action action) {
    this.action = action;
  }

  public Action action() {
    return action;
  }

  public String wireName() {
    return action.wireName();
  }
}
