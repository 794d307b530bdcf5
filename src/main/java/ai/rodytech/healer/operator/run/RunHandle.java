package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.Lineage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

  /**
   * An RFC 3339 timestamp as the API writes it; null when absent or unreadable. The API server's own form
   * ({@code 2026-12-06T21:12:16Z}, whole seconds in UTC) is read digit by digit: runs are ordered by it on every
   * reconcile, and the general parser was 2 % of the operator's CPU in a burst. Any other form (fractions, an
   * offset) goes to the general parser.
   */
  public static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    Instant fast = apiServerForm(timestamp);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ssZ} read by hand, or null when the text has another form or an impossible date. */
  private static Instant apiServerForm(String t) {
    if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
        || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // e.g. February 30th or second 60: the general parser decides
    }
  }

  private static int digits(String t, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
