package ai.rodytech.healer.operator.run;

/** Whether a run the healer created has started doing its work. */
public sealed interface StartCheck permits StartCheck.Started, StartCheck.Waiting {

  /** Its first pod (step, node) is running or has run. */
  record Started() implements StartCheck {}

  /**
   * Nothing runs yet.
   *
   * @param why what holds it, when the cluster says (a FailedCreate event's message, ErrImagePull…), else null
   */
  record Waiting(String why) implements StartCheck {}
}
