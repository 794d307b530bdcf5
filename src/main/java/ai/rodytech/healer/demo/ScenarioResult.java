package ai.rodytech.healer.demo;

/**
 * How one scenario went.
 *
 * @param scenario its name
 * @param runKind the kind of its runs: Job, PipelineRun or Workflow
 * @param title what it shows
 * @param expected what the healer should have done
 * @param got what it did, read back from the cluster
 * @param passed whether the two agree
 * @param timeToActMillis from the failure the healer acted on to its corrective run being created; null when
 *     none was created
 * @param timeToHealMillis from that failure to the incident being Healed (a corrective run succeeded); null when
 *     it was not healed
 * @param error what went wrong when the scenario could not play to its end, else null
 */
public record ScenarioResult(
    String scenario,
    String runKind,
    String title,
    String expected,
    String got,
    boolean passed,
    Long timeToActMillis,
    Long timeToHealMillis,
    String error) {}
