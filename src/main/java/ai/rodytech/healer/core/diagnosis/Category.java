package ai.rodytech.healer.core.diagnosis;

import ai.rodytech.healer.core.plan.Action;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of failure a run had, and the action that heals that kind. */
public enum Category {
  TRANSIENT_INFRA(Action.RETRY_STAGE),
  OOM(Action.INCREASE_MEMORY),
  FLAKY_TEST(Action.RETRY_STAGE),
  DEPENDENCY_VERSION(Action.PATCH_DEPENDENCY_VERSION),
  DISK_FULL(Action.RETRY_STAGE),
  TIMEOUT(Action.RETRY_STAGE),
  GENUINE_FAILURE(Action.ALERT_HUMAN),
  UNKNOWN(Action.ALERT_HUMAN);

  private final Action expectedAction;

  Category(Action expectedAction) {
    this.expectedAction = expectedAction;
  }

  /** The action that fits this category when the policy allows it. */
  public Action expectedAction() {
    return expectedAction;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Category> fromWireName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String normalized = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.wireName().equals(normalized)).findFirst();
  }
}
