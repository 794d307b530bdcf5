package ai.rodytech.healer.operator.incident;

import ai.rodytech.healer.api.IncidentSpec;
import ai.rodytech.healer.api.IncidentState;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.IncidentStatus.ActionRecord;
import ai.rodytech.healer.api.IncidentStatus.PendingAction;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.operator.ApiCalls;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.report.StatusWriter;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The one owner of PipelineIncident records: creates them, reads them, labels those waiting for a person, and makes
 * every change to their status, one write per step a person would see (a decision, an approval, a heal, a failure
 * to act). States are {@link IncidentState}s; nobody else sets {@code status.outcome}. Writes go through
 * {@link StatusWriter} (optimistic concurrency, no read after the operator's own write, grouped writes).
 */
public final class IncidentJournal {
  /** The merge patch that labels an incident as waiting for a person. */
  private static final String AWAITING_PERSON_PATCH =
      "{\"metadata\":{\"labels\":{\"" + Labels.AWAITING_PERSON + "\":\"true\"}}}";

  private final KubernetesClient client;
  private final ApiCalls api;
  private final StatusWriter<PipelineIncident, IncidentStatus> writer;
  private final Clock clock;

  public IncidentJournal(KubernetesClient client, Clock clock) {
    this.client = client;
    this.api = ApiCalls.of(client);
    this.writer = new StatusWriter<>(client, PipelineIncident.class, IncidentStatus::new);
    this.clock = clock;
  }

  /** One decision for one attempt, as written in a single status write. */
  public record Entry(
      int attempt,
      IncidentStatus.SnapshotSummary snapshot,
      IncidentStatus.DiagnosisRecord diagnosis,
      IncidentStatus.DecisionRecord decision,
      String action,
      IncidentState state,
      PendingAction pending,
      List<ActionRecord> actions,
      String failedRun,
      int failedAttempt) {}

  // ---- reads

  /** The operator's own last written copy when it has one, else the API's. */
  public Optional<PipelineIncident> find(String namespace, String name) {
    return writer.lastWritten(namespace, name).or(() -> get(namespace, name));
  }

  public Optional<PipelineIncident> get(String namespace, String name) {
    return Optional.ofNullable(client.resources(PipelineIncident.class).inNamespace(namespace).withName(name).get());
  }

  /**
   * The latest copy of an incident that a watch event just delivered as {@code seen}: the copy this operator's last
   * write returned when that write is the one the event is about (same resourceVersion), else a fresh read. The
   * event can arrive before the writing thread has the server's answer, so an older remembered copy is never taken
   * for the latest.
   */
  public Optional<PipelineIncident> latest(PipelineIncident seen) {
    String ns = seen.getMetadata().getNamespace();
    String name = seen.getMetadata().getName();
    Optional<PipelineIncident> written = writer.lastWritten(ns, name)
        .filter(w -> Objects.equals(w.getMetadata().getResourceVersion(), seen.getMetadata().getResourceVersion()));
    return written.isPresent() ? written : get(ns, name);
  }

  public static Optional<IncidentState> state(PipelineIncident incident) {
    return incident.getStatus() == null ? Optional.empty() : IncidentState.of(incident.getStatus().outcome);
  }

  /** Whether attempt {@code attempt} of the lineage has been decided (acted on, refused, deferred for approval). */
  public static boolean decided(PipelineIncident incident, int attempt) {
    return incident.getStatus() != null
        && incident.getStatus().decisions.stream().anyMatch(d -> Objects.equals(d.attempt, attempt));
  }

  public static Optional<PendingAction> pending(PipelineIncident incident) {
    return Optional.ofNullable(incident.getStatus()).map(s -> s.pending);
  }

  // ---- creation

  /**
   * The incident of a lineage, created (owned by the policy, so it goes when the policy goes) if absent. Creates
   * first and reads only when it exists already: one API call for a new incident.
   */
  public PipelineIncident open(
      PipelineRecoveryPolicy policy, Lineage lineage, String pipeline, String runKind, boolean approvalRequired) {
    String ns = policy.getMetadata().getNamespace();
    String name = lineage.incidentName();
    Optional<PipelineIncident> known = writer.lastWritten(ns, name);
    if (known.isPresent()) {
      return known.get();
    }
    PipelineIncident incident = new PipelineIncident();
    incident.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ns)
            .withLabels(approvalRequired
                ? Map.of(Labels.PIPELINE, pipeline, Labels.MANAGED_BY, Labels.MANAGER, Labels.AWAITING_PERSON, "true")
                : Map.of(Labels.PIPELINE, pipeline, Labels.MANAGED_BY, Labels.MANAGER))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(policy.getApiVersion())
                    .withKind(policy.getKind())
                    .withName(policy.getMetadata().getName())
                    .withUid(policy.getMetadata().getUid())
                    .build())
            .build());
    incident.setSpec(new IncidentSpec(pipeline, policy.getMetadata().getName(), policy.getMetadata().getUid(),
        runKind, lineage.root(), lineage.rootUid()));
    try {
      PipelineIncident created = api.create(ApiCalls.collection(PipelineIncident.class, ns), incident, false,
          PipelineIncident.class);
      writer.remember(created);
      return created;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return get(ns, name).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  /** Whether the incident carries the label the incident reconciler watches ({@link Labels#AWAITING_PERSON}). */
  public static boolean labelledAwaitingPerson(PipelineIncident incident) {
    Map<String, String> labels = incident.getMetadata().getLabels();
    return labels != null && "true".equals(labels.get(Labels.AWAITING_PERSON));
  }

  /**
   * Labels an incident that is about to wait for a person, unless it is labelled already (an incident is labelled
   * when it is created under a policy that asks for approval; this is for a policy that started asking later). Done
   * before the status says it waits: a failure between the two leaves a labelled incident that waits for nothing,
   * which costs a watch event, never an approval that nobody sees.
   */
  public void labelAwaitingPerson(PipelineIncident incident) {
    if (labelledAwaitingPerson(incident)) {
      return;
    }
    // On the resource itself: patching by name alone made fabric8 read the incident first.
    PipelineIncident labelled = client.resources(PipelineIncident.class).inNamespace(ns(incident)).resource(incident)
        .patch(PatchContext.of(PatchType.JSON_MERGE), AWAITING_PERSON_PATCH);
    writer.remember(labelled);
  }

  /**
   * Labels the incidents that wait for a person and lack the label (written by a version of the healer before the
   * label): run at start-up, so that an approval waiting across the upgrade is still seen. One list of the
   * incidents per namespace; nothing is written when none needs the label. Returns how many were labelled.
   */
  public int labelWaitingIncidents(Collection<String> namespaces, Predicate<PipelineIncident> waiting) {
    List<PipelineIncident> all = namespaces.isEmpty()
        ? client.resources(PipelineIncident.class).inAnyNamespace().list().getItems()
        : namespaces.stream()
            .flatMap(ns -> client.resources(PipelineIncident.class).inNamespace(ns).list().getItems().stream())
            .toList();
    int labelled = 0;
    for (PipelineIncident incident : all) {
      if (waiting.test(incident) && !labelledAwaitingPerson(incident)) {
        labelAwaitingPerson(incident);
        labelled++;
      }
    }
    return labelled;
  }

  // ---- transitions: one write each

  /**
   * Writes what was observed and the decision for one attempt, in one write, unless another pass decided that
   * attempt first (its decision stands). Returns the incident as written, or empty when this pass did not decide.
   */
  public Optional<PipelineIncident> decide(PipelineIncident incident, Entry entry) {
    String now = now();
    return editIf(incident, st -> !decided(st, entry.attempt()), st -> {
      st.snapshot = entry.snapshot();
      st.diagnosis = entry.diagnosis();
      run(st, entry.failedRun(), entry.failedAttempt(), "Failed", now);
      st.actions.addAll(entry.actions());
      st.decisions.add(entry.decision());
      st.action = entry.action();
      st.pending = entry.pending();
      st.outcome = entry.state().wireName();
      st.updated = now;
    });
  }

  /** What was seen while a decision is deferred (a cooldown): on record meanwhile; the attempt stays undecided. */
  public void observed(
      PipelineIncident incident, IncidentStatus.SnapshotSummary snapshot, IncidentStatus.DiagnosisRecord diagnosis,
      String failedRun, int failedAttempt) {
    String now = now();
    writer.edit(ns(incident), name(incident), i -> {
      IncidentStatus st = i.getStatus();
      st.snapshot = snapshot;
      st.diagnosis = diagnosis;
      run(st, failedRun, failedAttempt, "Failed", now);
    });
  }

  /** A person approved the waiting change; it is carried out (and judged again) next. */
  public Optional<PipelineIncident> approved(PipelineIncident incident, String how) {
    String now = now();
    return editIf(incident, st -> st.pending != null && Boolean.TRUE.equals(st.pending.awaitingApproval), st -> {
      st.pending.awaitingApproval = false;
      st.actions.add(new ActionRecord("Approve", st.pending.run, "Succeeded", how, now));
      st.outcome = IncidentState.HEALING.wireName();
      st.updated = now;
    });
  }

  /** A person rejected the waiting change. */
  public Optional<PipelineIncident> rejected(PipelineIncident incident, String how) {
    String now = now();
    return editIf(incident, st -> st.pending != null, st -> {
      st.actions.add(new ActionRecord("Reject", st.pending.run, "Succeeded", how, now));
      close(st, IncidentState.REJECTED, now);
    });
  }

  /**
   * The waiting change was judged again when it was to be carried out and is refused now (the policy changed or
   * went, the failed run is gone, the guard or the dry run said no): nothing is created, a person decides.
   */
  public Optional<PipelineIncident> refusedAtAct(
      PipelineIncident incident, int attempt, String reason, String message, IncidentState state) {
    String now = now();
    return editIf(incident, st -> st.pending != null && Objects.equals(st.pending.attempt, attempt), st -> {
      st.actions.add(new ActionRecord("Create", st.pending.run, "Skipped", reason + ": " + message, now));
      IncidentStatus.DecisionRecord refusal = new IncidentStatus.DecisionRecord();
      refusal.attempt = attempt;
      refusal.action = st.pending.action;
      refusal.verdict = "Refused";
      refusal.reason = reason;
      refusal.message = message;
      refusal.at = now;
      st.decisions.add(refusal);
      st.action = "alert_human";
      close(st, state, now);
    });
  }

  /**
   * Creating the corrective run failed with an error that is not "it exists already" (a quota, a webhook, the API
   * refusing): counted on the pending action; when {@code givingUp}, the incident fails and a person is told.
   */
  public Optional<PipelineIncident> createFailed(
      PipelineIncident incident, int attempt, String error, boolean givingUp) {
    String now = now();
    return editIf(incident, st -> st.pending != null && Objects.equals(st.pending.attempt, attempt), st -> {
      st.pending.createFailures = (st.pending.createFailures == null ? 0 : st.pending.createFailures) + 1;
      st.pending.lastCreateError = error;
      st.actions.add(new ActionRecord("Create", st.pending.run, "Failed", error, now));
      if (givingUp) {
        close(st, IncidentState.FAILED, now);
      }
    });
  }

  /** The corrective run exists but cannot heal (it never started, or the name is held by someone else's object). */
  public Optional<PipelineIncident> healFailed(PipelineIncident incident, String run, String reason) {
    String now = now();
    return editIf(incident, st -> !IncidentState.FAILED.wireName().equals(st.outcome), st -> {
      st.actions.add(new ActionRecord("Watch", run, "Failed", reason, now));
      run(st, run, st.pending == null || st.pending.attempt == null ? 0 : st.pending.attempt, "NeverStarted", now);
      close(st, IncidentState.FAILED, now);
    });
  }

  /** A corrective run succeeded: the incident is healed. */
  public Optional<PipelineIncident> healed(PipelineIncident incident, String run, int attempt) {
    String now = now();
    return editIf(incident, st -> !IncidentState.HEALED.wireName().equals(st.outcome), st -> {
      run(st, run, attempt, "Succeeded", now);
      st.attempts = Math.max(Objects.requireNonNullElse(st.attempts, 0), attempt);
      close(st, IncidentState.HEALED, now);
    });
  }

  /** Nothing waits any more: the incident has ended in {@code state}. */
  private static void close(IncidentStatus st, IncidentState state, String now) {
    st.pending = null;
    st.outcome = state.wireName();
    st.updated = now;
  }

  /** What the alert channels answered; a delivered channel is never paged again for this incident. */
  public void alerted(PipelineIncident incident, List<String> delivered, List<String> failures) {
    String now = now();
    writer.edit(ns(incident), name(incident), i -> {
      IncidentStatus st = i.getStatus();
      List<String> channels = new ArrayList<>(st.alertedChannels);
      delivered.stream().filter(d -> !channels.contains(d)).forEach(channels::add);
      st.alertedChannels = channels;
      delivered.forEach(d -> st.actions.add(new ActionRecord("Alert", d, "Succeeded", "delivered", now)));
      failures.forEach(f -> st.actions.add(new ActionRecord("Alert", f.split(":", 2)[0], "Failed", f, now)));
    });
  }

  /**
   * Deletes settled incidents of a pipeline older than {@code maxAge}, and the oldest settled ones beyond
   * {@code maxCount}. Incidents still healing or waiting for approval are kept whatever their age.
   */
  public int prune(String namespace, String pipeline, Duration maxAge, int maxCount, Instant now) {
    List<PipelineIncident> settled =
        client.resources(PipelineIncident.class).inNamespace(namespace).withLabel(Labels.PIPELINE, pipeline).list()
            .getItems().stream()
            .filter(i -> state(i).map(IncidentState::settled).orElse(false))
            .sorted(Comparator.comparing(IncidentJournal::created).reversed())
            .toList();
    int deleted = 0;
    for (int i = 0; i < settled.size(); i++) {
      PipelineIncident incident = settled.get(i);
      if (i >= maxCount || created(incident).isBefore(now.minus(maxAge))) {
        client.resources(PipelineIncident.class).inNamespace(namespace).resource(incident).delete();
        writer.forget(namespace, name(incident));
        deleted++;
      }
    }
    return deleted;
  }

  // ---- helpers

  private Optional<PipelineIncident> editIf(
      PipelineIncident incident, java.util.function.Predicate<IncidentStatus> when, Consumer<IncidentStatus> change) {
    boolean[] changedHere = {false};
    Optional<PipelineIncident> written = writer.edit(ns(incident), name(incident), i -> {
      // An edit may run again on a fresher copy (a conflict): only its last run counts.
      changedHere[0] = when.test(i.getStatus());
      if (changedHere[0]) {
        change.accept(i.getStatus());
      }
    });
    return changedHere[0] ? written : Optional.empty();
  }

  private static boolean decided(IncidentStatus st, int attempt) {
    return st.decisions.stream().anyMatch(d -> Objects.equals(d.attempt, attempt));
  }

  /** Sets (or adds) a run's result in the incident's run list. */
  static void run(IncidentStatus status, String name, int attempt, String result, String at) {
    if (name == null) {
      return;
    }
    for (IncidentStatus.RunRecord r : status.runs) {
      if (Objects.equals(r.name, name)) {
        if (!Objects.equals(r.result, result)) {
          r.result = result;
          r.at = at;
        }
        return;
      }
    }
    IncidentStatus.RunRecord r = new IncidentStatus.RunRecord();
    r.name = name;
    r.attempt = attempt;
    r.result = result;
    r.at = at;
    List<IncidentStatus.RunRecord> runs = new ArrayList<>(status.runs);
    runs.add(r);
    status.runs = runs;
  }

  public String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  private static String ns(PipelineIncident incident) {
    return incident.getMetadata().getNamespace();
  }

  private static String name(PipelineIncident incident) {
    return incident.getMetadata().getName();
  }

  private static Instant created(PipelineIncident incident) {
    String ts = incident.getMetadata().getCreationTimestamp();
    return ts == null ? Instant.EPOCH : OffsetDateTime.parse(ts).toInstant();
  }
}
