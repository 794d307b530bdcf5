package ai.rodytech.healer.core.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A finished run of a watched pipeline, whatever its kind (Job, PipelineRun, Workflow), as the ledger records it.
 *
 * @param namespace the run's namespace
 * @param pipeline the pipeline it belongs to
 * @param kind e.g. Job, PipelineRun, Workflow
 * @param name the run's name
 * @param uid the run's UID: a run is recorded once per UID
 * @param created when the run was created (may be null when unknown)
 * @param finished when it finished; orders the ledger
 * @param succeeded whether it succeeded
 * @param revision the commit it built (see {@link RevisionResolver}), or null when unknown
 * @param imageDigests container name to the image digest it ran, from the pods' imageID; may be empty
 * @param failingTests names of the tests that failed (normalized by {@link TestNames}); empty for a success
 * @param decision what the healer decided for this run's failure when that is known as it is recorded; usually
 *     null, the decision being noted later ({@code RunLedger.decided}); null for a success
 * @param lineageRoot the run that started this run's failure lineage (the run itself for an original run)
 * @param attempt 0 for an original run, N for the healer's N-th corrective run of the lineage
 * @param chosenBy for a corrective run: the decision that created it; whether it healed is {@code succeeded}
 */
public record FinishedRun(
    String namespace,
    String pipeline,
    String kind,
    String name,
    String uid,
    Instant created,
    Instant finished,
    boolean succeeded,
    String revision,
    Map<String, String> imageDigests,
    List<String> failingTests,
    Decision decision,
    String lineageRoot,
    int attempt,
    Decision chosenBy) {

  public FinishedRun {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(finished, "finished");
    kind = kind == null ? "Job" : kind;
    revision = revision == null || revision.isBlank() ? null : revision.strip();
    imageDigests = imageDigests == null ? Map.of() : Map.copyOf(imageDigests);
    failingTests = TestNames.normalizeAll(failingTests);
    lineageRoot = lineageRoot == null || lineageRoot.isBlank() ? name : lineageRoot;
    attempt = Math.max(0, attempt);
  }

  /** Whether this is a run the healer created to heal a failure. */
  public boolean corrective() {
    return attempt > 0 && chosenBy != null;
  }

  public static Builder builder(String namespace, String pipeline, String name, String uid) {
    return new Builder(namespace, pipeline, name, uid);
  }

  /** Builds a FinishedRun; only namespace, pipeline, name, uid and finished are required. */
  public static final class Builder {
    private final String namespace;
    private final String pipeline;
    private final String name;
    private final String uid;
    private String kind = "Job";
    private Instant created;
    private Instant finished;
    private boolean succeeded;
    private String revision;
    private Map<String, String> imageDigests = Map.of();
    private List<String> failingTests = List.of();
    private Decision decision;
    private String lineageRoot;
    private int attempt;
    private Decision chosenBy;

    private Builder(String namespace, String pipeline, String name, String uid) {
      this.namespace = namespace;
      this.pipeline = pipeline;
      this.name = name;
      this.uid = uid;
    }

    public Builder kind(String kind) {
      this.kind = kind;
      return this;
    }

    public Builder created(Instant created) {
      this.created = created;
      return this;
    }

    public Builder finished(Instant finished) {
      this.finished = finished;
      return this;
    }

    public Builder succeeded(boolean succeeded) {
      this.succeeded = succeeded;
      return this;
    }

    public Builder revision(String revision) {
      this.revision = revision;
      return this;
    }

    public Builder imageDigests(Map<String, String> imageDigests) {
      this.imageDigests = imageDigests;
      return this;
    }

    public Builder failingTests(List<String> failingTests) {
      this.failingTests = failingTests;
      return this;
    }

    public Builder decision(Decision decision) {
      this.decision = decision;
      return this;
    }

    /** The lineage of a run: its first run and this run's attempt number in it. */
    public Builder lineage(String root, int attempt) {
      this.lineageRoot = root;
      this.attempt = attempt;
      return this;
    }

    public Builder chosenBy(Decision chosenBy) {
      this.chosenBy = chosenBy;
      return this;
    }

    public FinishedRun build() {
      return new FinishedRun(namespace, pipeline, kind, name, uid, created, finished, succeeded, revision,
          imageDigests, failingTests, decision, lineageRoot, attempt, chosenBy);
    }
  }
}
