package ai.rodytech.healer.core.guard;

/** The guard's stable reason codes, as Events, incidents and metrics show them. */
public final class GuardReasons {
  public static final String STRATEGY_NOT_ALLOWED = "StrategyNotAllowed";
  public static final String BELOW_THRESHOLD = "BelowThreshold";
  public static final String RETRIES_EXHAUSTED = "RetriesExhausted";
  public static final String HOURLY_CAP_REACHED = "HourlyCapReached";
  /** A deferral, not a refusal: the violation carries retryAfter. */
  public static final String COOLING_DOWN = "CoolingDown";
  public static final String CHANGE_MISSING = "ChangeMissing";
  public static final String ABOVE_MEMORY_CEILING = "AboveMemoryCeiling";
  public static final String UNREADABLE_MEMORY = "UnreadableMemory";
  public static final String FORBIDDEN_FIELD = "ForbiddenField";
  public static final String OUT_OF_SCOPE = "OutOfScope";
  public static final String DIFF_TOO_LARGE = "DiffTooLarge";

  private GuardReasons() {}
}
