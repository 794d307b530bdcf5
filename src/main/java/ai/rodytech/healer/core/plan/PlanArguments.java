package ai.rodytech.healer.core.plan;

import ai.rodytech.healer.core.diagnosis.Diagnosis;

/** The argument names a diagnosis may carry for the planner (an LLM's tool-call arguments). */
final class PlanArguments {
  static final String CONTAINER = "container";
  static final String NEW_LIMIT = "newLimit";
  static final String PIN = "pin";
  static final String NEW_VALUE = "newValue";

  private PlanArguments() {}

  /** The trimmed argument, or null when absent or blank. */
  static String get(Diagnosis diagnosis, String name) {
    String value = diagnosis.arguments().get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
