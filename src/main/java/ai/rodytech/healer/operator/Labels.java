package ai.rodytech.healer.operator;

/** Labels and annotations the healer reads and writes on runs, and the name its Events carry. */
public final class Labels {
  /** Names the pipeline a run belongs to; the first rule of pipeline resolution. */
  public static final String PIPELINE = "rodytech.ai/pipeline";
  /** On a run the healer created: the run that started the lineage. */
  public static final String RETRY_OF = "rodytech.ai/retry-of";
  /** On a run the healer created: the UID of the run that started the lineage. */
  public static final String ROOT_UID = "rodytech.ai/root-uid";
  /** On a run the healer created: the UID of the failed run it replaces. */
  public static final String REPLACES_UID = "rodytech.ai/replaces-uid";
  /** On a run the healer created: its attempt number in the lineage (1, 2, ...). */
  public static final String ATTEMPT = "rodytech.ai/attempt";
  /** On a run the healer created: the strategy that produced it. */
  public static final String STRATEGY = "rodytech.ai/strategy";
  /** On a run the healer created: the incident that records it. */
  public static final String INCIDENT = "rodytech.ai/incident";
  /**
   * On an incident that waits, or has waited, for a person's approval: the incident reconciler watches only
   * incidents with this label ({@link #AWAITING_PERSON_SELECTOR}), so the operator's own writes of every other
   * incident cost it no watch event.
   */
  public static final String AWAITING_PERSON = "rodytech.ai/awaiting-person";
  public static final String AWAITING_PERSON_SELECTOR = AWAITING_PERSON + "=true";
  /** Marks every resource the healer created. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "pipeline-healer";
  /** The source component of every Event the healer records. */
  public static final String EVENT_COMPONENT = "pipeline-healer";

  private Labels() {}
}
