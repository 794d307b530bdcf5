package ai.rodytech.healer.core.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a brain proposes: one of the healing strategies, or handing the failure to a person. */
public enum Action {
  RETRY_STAGE,
  INCREASE_MEMORY,
  PATCH_DEPENDENCY_VERSION,
  ALERT_HUMAN;

  /** The snake_case name used in policies, tool calls and JSON output. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean heals() {
    return this != ALERT_HUMAN;
  }

  public static Optional<Action> fromWireName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String normalized = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(a -> a.wireName().equals(normalized)).findFirst();
  }

  @JsonCreator
  static Action parse(String name) {
    return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown action: " + name));
  }
}
