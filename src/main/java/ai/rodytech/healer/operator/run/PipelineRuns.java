package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.Lineage;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The runs of one pipeline in one namespace, as the informer caches them: what the healer derives from the runs
 * themselves instead of storing it (docs/semantics.md). The same cache gives the same answers however often a
 * run is reconciled, so a replayed event, a periodic re-reconciliation or a restart never counts a run twice.
 */
public final class PipelineRuns {
  private static final Comparator<RunHandle<?>> CREATION =
      Comparator.comparing((RunHandle<?> r) -> Objects.requireNonNullElse(r.created(), Instant.EPOCH))
          .thenComparing(RunHandle::name);

  private final List<RunHandle<?>> runs;

  /** @param runs the pipeline's runs, in any order */
  public PipelineRuns(List<RunHandle<?>> runs) {
    this.runs = runs.stream().sorted(CREATION).toList();
  }

  /**
   * Consecutive failed runs of the pipeline up to and including {@code run}, by creation order: counting back
   * from it, failures count, runs still running are passed over, and the first success stops the count. The
   * healer's own runs are runs of the pipeline too.
   */
  public int consecutiveFailures(RunHandle<?> run) {
    List<RunHandle<?>> all = withRun(run);
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
    List<RunHandle<?>> all = withRun(run);
    int count = 0;
    boolean started = false;
    for (int i = all.size() - 1; i >= 0; i--) {
      RunState state = all.get(i).state();
      if (state instanceof RunState.Succeeded) {
        break;
      }
      if (state instanceof RunState.Failed) {
        started = true;
        count++;
      }
    }
    return started ? count : 0;
  }

  /** Runs the healer created for this pipeline at or after {@code since}. */
  public long correctiveRunsSince(Instant since) {
    return runs.stream()
        .filter(PipelineRuns::corrective)
        .filter(r -> r.created() != null && !r.created().isBefore(since))
        .count();
  }

  /** The run of that name, if the cache has it. */
  public Optional<RunHandle<?>> named(String name) {
    return runs.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The newest successful run before {@code run}, if any. */
  public Optional<RunHandle<?>> lastSuccessBefore(RunHandle<?> run) {
    List<RunHandle<?>> all = withRun(run);
    for (int i = indexOf(all, run) - 1; i >= 0; i--) {
      if (all.get(i).state() instanceof RunState.Succeeded) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  public int size() {
    return runs.size();
  }

  static boolean corrective(RunHandle<?> run) {
    return Labels.MANAGER.equals(labels(run).get(Labels.MANAGED_BY)) && Lineage.of(run.run()).isRetry();
  }

  private static java.util.Map<String, String> labels(RunHandle<?> run) {
    return Objects.requireNonNullElse(run.run().getMetadata().getLabels(), java.util.Map.of());
  }

  /** The cached runs with {@code run} in its place, whether the cache has it (yet) or not. */
  private List<RunHandle<?>> withRun(RunHandle<?> run) {
    if (runs.stream().anyMatch(r -> Objects.equals(r.uid(), run.uid()))) {
      return runs;
    }
    List<RunHandle<?>> all = new java.util.ArrayList<>(runs);
    all.add(run);
    all.sort(CREATION);
    return all;
  }

  private static int indexOf(List<RunHandle<?>> all, RunHandle<?> run) {
    for (int i = 0; i < all.size(); i++) {
      if (Objects.equals(all.get(i).uid(), run.uid())) {
        return i;
      }
    }
    throw new IllegalStateException("run " + run.name() + " is not in the list");
  }
}
