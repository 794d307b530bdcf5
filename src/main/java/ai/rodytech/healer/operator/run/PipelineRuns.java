package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.Lineage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The runs of one pipeline in one namespace, as the informer caches them: what the healer derives from the runs
 * themselves instead of storing it (docs/semantics.md). The same cache gives the same answers however often a
 * run is reconciled, so a replayed event, a periodic re-reconciliation or a restart never counts a run twice.
 * Each run's creation time is read when the list is made, its state when first needed.
 */
public final class PipelineRuns {
  /**
   * A run with its creation time, read when the list is made (runs are ordered by it; the API server's timestamp
   * form is read digit by digit), and its state, read when first asked: counting walks back only to the newest
   * success, so most of a long history's states are never read. (Earlier, every run's time and state were kept in
   * a map of up to 50,000 runs by UID: its lookups were 4 % of the reconcilers' samples in a warm burst.)
   */
  private static final class Entry {
    private final RunHandle<?> run;
    private final Instant created;
    private RunState state;

    Entry(RunHandle<?> run) {
      this.run = run;
      this.created = Objects.requireNonNullElse(run.created(), Instant.EPOCH);
    }

    RunHandle<?> run() {
      return run;
    }

    Instant created() {
      return created;
    }

    /** Read once; a list belongs to one reconciliation, so one thread. */
    RunState state() {
      if (state == null) {
        state = run.state();
      }
      return state;
    }
  }

  private static final Comparator<Entry> CREATION =
      Comparator.comparing(Entry::created).thenComparing(e -> e.run().name());

  private final List<Entry> runs;

  /** @param runs the pipeline's runs, in any order */
  public PipelineRuns(List<RunHandle<?>> runs) {
    List<Entry> entries = new ArrayList<>(runs.size());
    runs.forEach(r -> entries.add(new Entry(r)));
    entries.sort(CREATION);
    this.runs = entries;
  }

  /**
   * Consecutive failed runs of the pipeline up to and including {@code run}, by creation order: counting back
   * from it, failures count, runs still running are passed over, and the first success stops the count. The
   * healer's own runs are runs of the pipeline too.
   */
  public int consecutiveFailures(RunHandle<?> run) {
    List<Entry> all = withRun(run);
    int count = 0;
    for (int i = indexOf(all, run); i >= 0; i--) {
      RunState state = all.get(i).state();
      if (state instanceof RunState.Succeeded) {
        break;
      }
      if (state instanceof RunState.Failed) {
        count++;
      }
    }
    return Math.max(count, 1);
  }

  /**
   * The pipeline's current run of failures: consecutive failures counted back from its newest finished run (with
   * {@code run} among the runs, whether the cache has it yet or not). 0 when that run succeeded.
   */
  public int currentFailures(RunHandle<?> run) {
    List<Entry> all = withRun(run);
    int count = 0;
    for (int i = all.size() - 1; i >= 0; i--) {
      RunState state = all.get(i).state();
      if (state instanceof RunState.Succeeded) {
        break;
      }
      if (state instanceof RunState.Failed) {
        count++;
      }
    }
    return count;
  }

  /** Runs the healer created for this pipeline at or after {@code since}. */
  public long correctiveRunsSince(Instant since) {
    return runs.stream()
        .filter(e -> !e.created().isBefore(since))
        .filter(e -> corrective(e.run()))
        .count();
  }

  /** The run of that name, if the cache has it. */
  public Optional<RunHandle<?>> named(String name) {
    return runs.stream().map(Entry::run).filter(r -> r.name().equals(name)).findFirst();
  }

  /** The newest successful run before {@code run}, if any. */
  public Optional<RunHandle<?>> lastSuccessBefore(RunHandle<?> run) {
    List<Entry> all = withRun(run);
    for (int i = indexOf(all, run) - 1; i >= 0; i--) {
      if (all.get(i).state() instanceof RunState.Succeeded) {
        return Optional.of(all.get(i).run());
      }
    }
    return Optional.empty();
  }

  public int size() {
    return runs.size();
  }

  static boolean corrective(RunHandle<?> run) {
    Map<String, String> labels = Objects.requireNonNullElse(run.run().getMetadata().getLabels(), Map.of());
    return Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY)) && Lineage.of(run.run()).isRetry();
  }

  /** The cached runs with {@code run} in its place, whether the cache has it (yet) or not. */
  private List<Entry> withRun(RunHandle<?> run) {
    if (runs.stream().anyMatch(e -> Objects.equals(e.run().uid(), run.uid()))) {
      return runs;
    }
    List<Entry> all = new ArrayList<>(runs);
    all.add(new Entry(run));
    all.sort(CREATION);
    return all;
  }

  private static int indexOf(List<Entry> all, RunHandle<?> run) {
    for (int i = 0; i < all.size(); i++) {
      if (Objects.equals(all.get(i).run().uid(), run.uid())) {
        return i;
      }
    }
    throw new IllegalStateException("run " + run.name() + " is not in the list");
  }
}
