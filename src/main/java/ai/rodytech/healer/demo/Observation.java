package ai.rodytech.healer.demo;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.IncidentStatus.DecisionRecord;
import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.change.Workload;
import ai.rodytech.healer.core.change.Workloads;
import ai.rodytech.healer.operator.run.job.JobLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * What a scenario left in the cluster, read back after it settled: the incident the operator wrote, the runs it
 * created, and what reached the person's inbox.
 *
 * @param incidents how many incidents were found where one is expected: the namespace's, or when runs play one at a
 *     time the last failure's
 * @param status the incident's status; empty when there is none
 * @param earlier when runs play one at a time, the incidents of the failures before the last, oldest first
 * @param correctiveRuns runs the healer created, oldest first, of the scenario's kind
 * @param humanAlerted whether an alert reached the inbox
 * @param alerts what reached the inbox, in order of arrival
 */
public record Observation(
    int incidents, IncidentStatus status, List<IncidentStatus> earlier, List<? extends HasMetadata> correctiveRuns,
    boolean humanAlerted, List<AlertInbox.Received> alerts) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A scenario of one incident, its alerts not read. */
  public Observation(
      int incidents, IncidentStatus status, List<? extends HasMetadata> correctiveRuns, boolean humanAlerted) {
    this(incidents, status, List.of(), correctiveRuns, humanAlerted, List.of());
  }

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

  /** The memory limit of each corrective Job's build container. */
  public List<String> correctiveMemory() {
    return correctiveMemory(JobLayout.INSTANCE, Build.CONTAINER);
  }

  /** The memory limit of one workload (container, step, template) of each corrective run; "none" when unset. */
  public List<String> correctiveMemory(RunLayout layout, String workload) {
    return correctiveRuns.stream()
        .map(run -> workload(layout, run, workload)
            .map(w -> w.resources().path("limits").path("memory").asText("none"))
            .orElse("no " + workload))
        .toList();
  }

  /** The image of the first corrective Job's build container. */
  public Optional<String> correctiveImage() {
    return correctiveRuns.stream().findFirst().flatMap(run -> workload(JobLayout.INSTANCE, run, Build.CONTAINER))
        .map(w -> w.node().path("image").asText());
  }

  /** The value of the plain environment variable {@code name} in each corrective Job's build container. */
  public List<String> correctiveEnv(String name) {
    return correctiveRuns.stream()
        .map(run -> workload(JobLayout.INSTANCE, run, Build.CONTAINER)
            .map(w -> java.util.stream.StreamSupport.stream(w.env().spliterator(), false)
                .filter(e -> name.equals(e.path("name").asText()) && e.has("value"))
                .map(e -> e.path("value").asText()).findFirst().orElse("unset"))
            .orElse("no " + Build.CONTAINER))
        .toList();
  }

  /** A corrective run as a tree, for facts that read more than its memory. */
  public static JsonNode tree(HasMetadata run) {
    return JSON.valueToTree(run);
  }

  private static Optional<Workload> workload(RunLayout layout, HasMetadata run, String id) {
    return Workloads.named(layout, tree(run), id);
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
