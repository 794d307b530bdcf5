package ai.rodytech.healer.demo;

import ai.rodytech.healer.sim.RunScript;
import java.util.function.Function;

/**
 * One demo scenario: the policy applied, what its runs are (Jobs, PipelineRuns or Workflows) and how the simulated
 * cluster ends them, and what the healer is expected to do. Each scenario plays in its own namespace, so policies
 * never conflict.
 *
 * @param name short name, for {@code --scenario}
 * @param title one line a newcomer reads first
 * @param policy resource under {@code demo/} holding the policy applied in the scenario's namespace
 * @param runs what the pipeline's runs are, of which kind, and how each ends (originals and the healer's)
 * @param originalRuns runs the demo starts; the healer's own runs come on top
 * @param approves whether the demo approves the waiting change, as a person would
 * @param expected what the healer should do
 * @param oneAtATime whether each run starts only once the previous one has settled — a failure's incident decided
 *     and its person alerted, a success recorded in the pipeline's history — and the expectation reads the last
 *     failure's incident, the earlier ones as its background; otherwise the next run starts as soon as the healer
 *     has answered a failure, and the scenario has one incident
 */
public record Scenario(
    String name,
    String title,
    String policy,
    Runs runs,
    int originalRuns,
    boolean approves,
    Expectation expected,
    boolean oneAtATime) {

  public Scenario(String name, String title, String policy, Runs runs, int originalRuns, boolean approves,
      Expectation expected) {
    this(name, title, policy, runs, originalRuns, approves, expected, false);
  }

  /** A scenario of batch/v1 Jobs running {@code build}, ended by the kubelet as {@code script} says. */
  public Scenario(String name, String title, String policy, Build build, int originalRuns, RunScript script,
      boolean approves, Expectation expected) {
    this(name, title, policy, new Runs.Jobs(build, script), originalRuns, approves, expected);
  }

  /** The same scenario, its runs started one at a time as {@link #oneAtATime} says. */
  public Scenario withRunsOneAtATime() {
    return new Scenario(name, title, policy, runs, originalRuns, approves, expected, true);
  }

  /** Job, PipelineRun or Workflow. */
  public String runKind() {
    return runs.runKind();
  }

  /** The namespace the scenario plays in. */
  public String namespace() {
    return "demo-" + name;
  }

  /**
   * What the healer should have done once the scenario has settled, as read back from the cluster.
   *
   * @param outcome the incident's outcome (the last one's, when runs play {@link #oneAtATime}): Healed, NeedsHuman,
   *     Shadowed...
   * @param action the strategy of the latest decision (retry_stage...), or alert_human
   * @param correctiveRuns runs the healer creates
   * @param humanAlerted whether a person's inbox receives an alert
   * @param fact the scenario's own proof, in words (the memory of the retry, the pinned digest...)
   * @param factOf reads that fact from what the scenario left in the cluster
   */
  public record Expectation(
      String outcome, String action, int correctiveRuns, boolean humanAlerted, String fact,
      Function<Observation, String> factOf) {

    public boolean metBy(Observation got) {
      return outcome.equals(got.outcome()) && action.equals(got.action())
          && correctiveRuns == got.correctiveRuns().size() && humanAlerted == got.humanAlerted()
          && fact.equals(factOf.apply(got));
    }

    /** In the words the summary uses for what happened, so that the two columns compare at a glance. */
    public String describe() {
      return Observation.describe(outcome, action, correctiveRuns, humanAlerted) + "; " + fact;
    }

    public String describe(Observation got) {
      return got.describe() + "; " + factOf.apply(got);
    }
  }
}
