package ai.rodytech.healer.llm;

/** Why the LLM's answer was not used; the code tags metrics and shows in the diagnosis' brain field. */
public enum FallbackReason {
  /** The circuit breaker is open after repeated provider failures. */
  CIRCUIT_OPEN("circuit_open"),
  /** The pipeline used up its LLM calls for the hour. */
  HOURLY_CAP("hourly_cap"),
  /** Even the fixed part of the prompt does not fit the token budget. */
  PROMPT_OVER_BUDGET("prompt_over_budget"),
  /** The provider did not answer in time, retries included. */
  TIMEOUT("timeout"),
  /** The provider answered with an error status, or could not be reached, retries included. */
  PROVIDER_ERROR("provider_error"),
  /** The provider's answer could not be read as a chat completion. */
  UNREADABLE_RESPONSE("unreadable_response"),
  /** The model answered without calling a tool. */
  NO_TOOL_CALL("no_tool_call"),
  /** The model called a tool that does not exist. */
  UNKNOWN_TOOL("unknown_tool"),
  /** The model called a real tool the policy does not allow. */
  DISALLOWED_TOOL("disallowed_tool"),
  /** The model called several different tools, or one tool with different arguments. */
  CONFLICTING_CALLS("conflicting_calls"),
  /** The tool's arguments are missing, malformed or out of range. */
  INVALID_ARGUMENTS("invalid_arguments"),
  /** A bug on our side; the rules brain answers rather than the operator retrying forever. */
  INTERNAL_ERROR("internal_error");

  private final String code;

  FallbackReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
