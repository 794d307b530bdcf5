package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.Lineage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * A run together with its kind, so that the healing loop can hold runs of any kind without generics.
 *
 * @param kind how runs of this kind are read and re-created
 * @param run the run (as the informer caches it: see {@link RunKind#cacheView})
 */
public record RunHandle<R extends HasMetadata>(RunKind<R> kind, R run) {

  public static <R extends HasMetadata> RunHandle<R> of(RunKind<R> kind, R run) {
    return new RunHandle<>(kind, run);
  }

  public String name() {
    return run.getMetadata().getName();
  }

  public String namespace() {
    return run.getMetadata().getNamespace();
  }

  public String uid() {
    return run.getMetadata().getUid();
  }

  public String kindName() {
    return kind.kind();
  }

  public RunState state() {
    return kind.state(run);
  }

  public Lineage lineage() {
    return Lineage.of(run);
  }

  public Optional<String> declaredPipeline() {
    return kind.declaredPipeline(run);
  }

  public FailureSnapshot observe(String pipeline) {
    return kind.observe(run, pipeline, lineage());
  }

  public ObjectNode comparable() {
    return kind.comparable(run);
  }

  public ObjectNode corrective(CorrectiveRun next) {
    return kind.corrective(run, next);
  }

  /** The run in the form {@code plan} is applied to and compared in (see {@link RunKind#comparable(HasMetadata, RecoveryPlan)}). */
  public ObjectNode comparable(RecoveryPlan plan) {
    return kind.comparable(run, plan);
  }

  public ObjectNode corrective(CorrectiveRun next, RecoveryPlan plan) {
    return kind.corrective(run, next, plan);
  }

  public KnownGoodVersions versions(List<String> pins) {
    return kind.versions(run, pins);
  }

  public StartCheck started() {
    return kind.started(run);
  }

  /** When the run was created, or null when unknown. */
  public Instant created() {
    return instant(run.getMetadata().getCreationTimestamp());
  }

  /** When the run finished as its engine says, else when it was created. */
  public Instant finishedOrCreated() {
    RunState state = state();
    Instant at = state instanceof RunState.Failed f ? f.at() : state instanceof RunState.Succeeded s ? s.at() : null;
    return at != null ? at : created();
  }

  /** An RFC 3339 timestamp as the API writes it; null when absent or unreadable. */
  public static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
