package ai.rodytech.healer.demo;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.IncidentStatus.DecisionRecord;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * What a scenario left in the cluster, read back after it settled: the incident the operator wrote, the runs it
 * created, and what reached the person's inbox.
 *
 * @param incidents how many incidents the namespace holds (one is expected)
 * @param status the incident's status; empty when there is none
 * @param correctiveRuns runs the healer created, oldest first
 * @param humanAlerted whether an alert reached the inbox
 */
public record Observation(int incidents, IncidentStatus status, List<Job> correctiveRuns, boolean humanAlerted) {

  public String outcome() {
    return incidents == 1 ? status.outcome : incidents + " incidents";
  }

  /** The strategy of the latest decision; alert_human when the healer stopped for a person. */
  public String action() {
    return incidents == 1 ? status.action : null;
  }

  public String category() {
    return incidents == 1 && status.diagnosis != null ? status.diagnosis.category : null;
  }

  public Optional<DecisionRecord> lastDecision() {
    return incidents == 1 && !status.decisions.isEmpty()
        ? Optional.of(status.decisions.get(status.decisions.size() - 1)) : Optional.empty();
  }

  public List<String> notes() {
    return incidents == 1 && status.diagnosis != null ? status.diagnosis.notes : List.of();
  }

  /** Kinds of what the operator did, in order: DryRun, Create, WouldCreate, Approve, Alert... */
  public List<String> actionKinds() {
    return incidents == 1 ? status.actions.stream().map(a -> a.kind).toList() : List.of();
  }

  /** The memory limit of each corrective run's build container. */
  public List<String> correctiveMemory() {
    return correctiveRuns.stream().map(Observation::buildContainer)
        .map(c -> Optional.ofNullable(c.getResources().getLimits()).map(l -> l.get("memory")).map(Quantity::toString)
            .orElse("none"))
        .toList();
  }

  /** The image of the first corrective run's build container. */
  public Optional<String> correctiveImage() {
    return correctiveRuns.stream().findFirst().map(Observation::buildContainer).map(Container::getImage);
  }

  /** The value of the plain environment variable {@code name} in each corrective run's build container. */
  public List<String> correctiveEnv(String name) {
    return correctiveRuns.stream().map(Observation::buildContainer)
        .map(c -> Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
            .filter(e -> name.equals(e.getName()) && e.getValue() != null).map(e -> e.getValue()).findFirst()
            .orElse("unset"))
        .toList();
  }

  private static Container buildContainer(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  public String describe() {
    return describe(outcome(), action(), correctiveRuns.size(), humanAlerted);
  }

  static String describe(String outcome, String action, int runs, boolean alerted) {
    StringBuilder text = new StringBuilder(String.valueOf(outcome));
    if (action != null && !action.equals("alert_human")) {
      text.append("Shadowed".equals(outcome) ? " (would " + action + ")" : " by " + action);
    }
    text.append(", ").append(runs).append(runs == 1 ? " new run" : " new runs");
    if (alerted) {
      text.append(", human alerted");
    }
    return text.toString();
  }
}
