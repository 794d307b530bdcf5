package ai.rodytech.healer.operator.history;

import ai.rodytech.healer.api.IncidentStatus.DecisionRecord;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyRulesMapper;
import ai.rodytech.healer.core.change.Workload;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.history.Decision;
import ai.rodytech.healer.core.history.FinishedRun;
import ai.rodytech.healer.core.history.HistoryJudge;
import ai.rodytech.healer.core.history.HistoryJudge.Judgement;
import ai.rodytech.healer.core.history.HistoryRules;
import ai.rodytech.healer.core.history.HistoryView;
import ai.rodytech.healer.core.history.RevisionResolver;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.run.RunHandle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the healing loop tells the pipeline's run ledger and asks of it (docs/history.md): every finished run is
 * recorded once, with its revision, image digests and failing tests; a failure's diagnosis is judged against the
 * pipeline's history (known-flaky tests, a strategy's track record) before it is planned; the decision taken is
 * noted, so a corrective run's result counts for the signature and strategy that chose it.
 */
public final class HistoryBook {
  private final RunLedger ledger;
  private final HistoryMetrics metrics;
  private final RevisionResolver revisions;
  private final HistoryJudge judge = new HistoryJudge();
  private final Clock clock;

  public HistoryBook(RunLedger ledger, HistoryMetrics metrics, RevisionResolver revisions, Clock clock) {
    this.ledger = ledger;
    this.metrics = metrics;
    this.revisions = revisions;
    this.clock = clock;
  }

  /** A failure, recorded before it is judged: a commit that passed before and fails now is evidence at once. */
  public void failed(RunHandle<?> run, String pipeline, FailureSnapshot snapshot, Diagnosis diagnosis,
      PipelineIncident incident) {
    Map<String, String> digests = new HashMap<>();
    for (ContainerObservation c : snapshot.containers()) {
      if (c.imageId() != null) {
        digests.put(c.name(), c.imageId());
      }
    }
    ledger.record(base(run, pipeline, false, digests)
        .failingTests(diagnosis == null ? List.of() : diagnosis.failingTests())
        .chosenBy(chosenBy(run, incident))
        .build());
  }

  /** A success: recorded with the digests its spec pins (a success's pods are not read for history alone). */
  public void succeeded(RunHandle<?> run, String pipeline, PipelineIncident incident) {
    if (knows(run, pipeline)) {
      return; // a replayed event or a restart: the run's tree and digests are not worked out again
    }
    ledger.record(base(run, pipeline, true, pinnedDigests(run)).chosenBy(chosenBy(run, incident)).build());
  }

  /** Whether the ledger has recorded this run already, or would not (a replayed event, a restart, a run too old). */
  public boolean knows(RunHandle<?> run, String pipeline) {
    return ledger.recorded(run.namespace(), pipeline, run.uid(), finished(run));
  }

  /** The diagnosis judged against the pipeline's history: the one to plan. */
  public Judgement judge(PipelineRecoveryPolicy policy, String namespace, String pipeline, Diagnosis diagnosis) {
    HistoryRules rules = PolicyRulesMapper.historyRules(policy.getSpec());
    HistoryView view = ledger.view(namespace, pipeline);
    Judgement judged = judge.judge(diagnosis, view, rules, clock.instant());
    metrics.judged(view, rules, judged, clock.instant());
    return judged;
  }

  /** What was done about a failure (alert_human when nothing was created). */
  public void decided(RunHandle<?> run, String pipeline, Diagnosis diagnosis, Action taken) {
    ledger.decided(run.namespace(), pipeline, run.uid(), Decision.of(diagnosis, taken));
  }

  private Instant finished(RunHandle<?> run) {
    return Objects.requireNonNullElse(run.finishedOrCreated(), clock.instant());
  }

  private FinishedRun.Builder base(RunHandle<?> run, String pipeline, boolean succeeded, Map<String, String> digests) {
    Lineage lineage = run.lineage();
    ObjectNode tree = run.comparable();
    return FinishedRun.builder(run.namespace(), pipeline, run.name(), run.uid())
        .kind(run.kindName())
        .created(run.created())
        .finished(finished(run))
        .succeeded(succeeded)
        .revision(revisions.resolve(run.run().getMetadata().getLabels(), run.run().getMetadata().getAnnotations(),
            parameters(tree), environment(run, tree)).orElse(null))
        .imageDigests(digests)
        .lineage(lineage.root(), lineage.attempt());
  }

  /** The decision that created a corrective run, from its incident; null for an original run. */
  private static Decision chosenBy(RunHandle<?> run, PipelineIncident incident) {
    int attempt = run.lineage().attempt();
    if (attempt == 0 || incident == null || incident.getStatus() == null) {
      return null;
    }
    Optional<DecisionRecord> record = incident.getStatus().decisions.stream()
        .filter(d -> Objects.equals(d.attempt, attempt) && "Approved".equals(d.verdict))
        .reduce((a, b) -> b);
    return record.map(d -> new Decision(d.signatures == null || d.signatures.isEmpty()
        ? List.of("category:" + Objects.requireNonNullElse(incident.getStatus().diagnosis == null ? null
            : incident.getStatus().diagnosis.category, "unknown"))
        : d.signatures, d.action)).orElse(null);
  }

  /** Parameters a run declares (a PipelineRun's params, a Workflow's arguments), by name. */
  private static Map<String, String> parameters(JsonNode tree) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode p : tree.path("spec").path("params")) {
      out.put(p.path("name").asText(), p.path("value").asText(null));
    }
    for (JsonNode p : tree.path("spec").path("arguments").path("parameters")) {
      out.put(p.path("name").asText(), p.path("value").asText(null));
    }
    return out;
  }

  /** The plain environment of the run's workloads (the first value of a name wins). */
  private static Map<String, String> environment(RunHandle<?> run, JsonNode tree) {
    Map<String, String> env = new HashMap<>();
    for (Workload w : run.kind().layout().workloads(tree)) {
      for (JsonNode e : w.node().path("env")) {
        if (e.has("value")) {
          env.putIfAbsent(e.path("name").asText(), e.path("value").asText());
        }
      }
    }
    return env;
  }

  private static Map<String, String> pinnedDigests(RunHandle<?> run) {
    Map<String, String> out = new HashMap<>();
    ObjectNode tree = run.comparable();
    for (Workload w : run.kind().layout().workloads(tree)) {
      String image = w.node().path("image").asText("");
      if (image.contains("@sha256:")) {
        out.put(w.id(), image);
      }
    }
    return out;
  }
}
