package ai.rodytech.healer.replay;

import ai.rodytech.healer.api.HistoryStatusMapper;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineHistory;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.history.HistoryView;
import ai.rodytech.healer.core.history.RunEntry;
import ai.rodytech.healer.core.plan.Action;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a history to replay from the cluster: the runs in the pipeline's {@link PipelineHistory} and, for each
 * failure, the diagnosis its {@link PipelineIncident} recorded (logs are gone by now). Corrective runs are not
 * replayed as runs: their results are what a retry of the same strategy would do. Failures without an incident
 * (below the threshold when they happened) are diagnosed from the ledger's decision when it names a category,
 * else as unknown.
 */
public final class ClusterHistory {
  private static final String CATEGORY_PREFIX = "category:";

  private final KubernetesClient client;
  private final Duration runDuration;

  public ClusterHistory(KubernetesClient client, Duration runDuration) {
    this.client = client;
    this.runDuration = runDuration;
  }

  /** The pipeline's runs, oldest first; IllegalArgumentException when it has no history. */
  public List<ReplayCase> load(String namespace, String pipeline) {
    PipelineHistory history = client.resources(PipelineHistory.class).inNamespace(namespace)
        .withName(PipelineHistory.nameFor(pipeline)).get();
    if (history == null) {
      throw new IllegalArgumentException("no PipelineHistory for pipeline " + pipeline + " in namespace " + namespace
          + " (the operator creates it when it records the pipeline's first finished run)");
    }
    HistoryView view = HistoryStatusMapper.toView(namespace, pipeline, history.getStatus());
    Map<String, IncidentStatus> incidents = new HashMap<>();
    for (PipelineIncident incident : client.resources(PipelineIncident.class).inNamespace(namespace).list().getItems()) {
      if (incident.getSpec() != null && pipeline.equals(incident.getSpec().getPipeline()) && incident.getStatus() != null) {
        incidents.put(incident.getSpec().getRootRun(), incident.getStatus());
      }
    }
    Map<String, List<RunEntry>> corrective = new HashMap<>();
    view.runs().stream().filter(r -> r.retryOf() != null).sorted(Comparator.comparingInt(RunEntry::attempt))
        .forEach(r -> corrective.computeIfAbsent(r.retryOf(), k -> new ArrayList<>()).add(r));
    List<ReplayCase> cases = new ArrayList<>();
    for (RunEntry run : view.runs()) {
      if (run.retryOf() == null) {
        cases.add(replayCase(pipeline, run, corrective.getOrDefault(run.name(), List.of()),
            Optional.ofNullable(incidents.get(run.name()))));
      }
    }
    return cases;
  }

  private ReplayCase replayCase(String pipeline, RunEntry run, List<RunEntry> retries, Optional<IncidentStatus> incident) {
    Diagnosis diagnosis = diagnosis(run, incident);
    List<Boolean> outcomes = retries.stream().map(RunEntry::succeeded).toList();
    Action strategy = retries.stream().findFirst().map(RunEntry::chosenBy).map(d -> d.action()).orElse(null);
    return new ReplayCase(run.name(), pipeline, run.finished(), run.succeeded(), run.revision(), Map.of(),
        run.failedTests(), null, outcomes, strategy, runDuration, CaseFolders.DEFAULT_IMAGE,
        CaseFolders.DEFAULT_MEMORY, null, snapshot -> diagnosis);
  }

  private static Diagnosis diagnosis(RunEntry run, Optional<IncidentStatus> incident) {
    Optional<IncidentStatus.DiagnosisRecord> recorded = incident.map(i -> i.diagnosis);
    Category category = recorded.flatMap(d -> Category.fromWireName(d.category))
        .or(() -> Optional.ofNullable(run.decision()).map(d -> d.signature())
            .filter(s -> s.startsWith(CATEGORY_PREFIX))
            .flatMap(s -> Category.fromWireName(s.substring(CATEGORY_PREFIX.length()))))
        .orElse(Category.UNKNOWN);
    double confidence = recorded.map(d -> parse(d.confidence)).orElse(1.0);
    String summary = recorded.map(d -> d.summary).orElse("as recorded in the run ledger");
    List<Evidence> evidence = recorded.map(d -> d.evidence.stream()
        .map(e -> new Evidence(e.line == null ? 0 : e.line, e.text)).toList()).orElse(List.of());
    List<String> tests = recorded.map(d -> d.failingTests).filter(t -> !t.isEmpty()).orElse(run.failedTests());
    return Diagnosis.of(category, category.expectedAction(), confidence, summary, evidence, tests, "recorded");
  }

  private static double parse(String number) {
    try {
      return number == null ? 1.0 : Double.parseDouble(number);
    } catch (NumberFormatException e) {
      return 1.0;
    }
  }
}
