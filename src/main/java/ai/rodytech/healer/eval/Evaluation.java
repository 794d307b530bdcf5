package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a brain and the two baselines over the same cases. Each case's log is read through the same bounded
 * {@link LogTailReader} the CLI uses, and its exit code goes into the snapshot as {@code --exit-code} would.
 */
public final class Evaluation {
  private final Brain brain;
  private final LogTailReader reader;
  private final BrainContext context;

  public Evaluation(Brain brain, LogTailReader reader, BrainContext context) {
    this.brain = brain;
    this.reader = reader;
    this.context = context;
  }

  /** The decisions of each decider, case by case. */
  public record Result(List<Outcome> brain, List<Outcome> retryEverything, List<Outcome> retryOnNetworkString) {

    public Scorecard brainScore() {
      return Scorecard.of(brain);
    }

    public Scorecard retryEverythingScore() {
      return Scorecard.of(retryEverything);
    }

    public Scorecard retryOnNetworkStringScore() {
      return Scorecard.of(retryOnNetworkString);
    }
  }

  public Result run(List<EvalCase> cases) {
    List<Outcome> brainOutcomes = new ArrayList<>();
    List<Outcome> retryAll = new ArrayList<>();
    List<Outcome> retryNetwork = new ArrayList<>();
    for (EvalCase c : cases) {
      LogTail tail = read(c);
      brainOutcomes.add(decide(c, tail));
      retryAll.add(Baselines.retryEverything(c));
      retryNetwork.add(Baselines.retryOnNetworkString(c, tail));
    }
    return new Result(brainOutcomes, retryAll, retryNetwork);
  }

  /**
   * The brain's decisions on changed copies of the cases: each log is changed as a whole (up to
   * {@link #PERTURB_MAX_BYTES} of its end), then read through the same bounded reader as the plain run.
   */
  public List<Outcome> run(List<EvalCase> cases, Perturbation perturbation) {
    List<Outcome> outcomes = new ArrayList<>();
    LogTailReader whole = new LogTailReader(PERTURB_MAX_BYTES, Integer.MAX_VALUE);
    for (EvalCase c : cases) {
      try {
        String changed = perturbation.apply(whole.read(c.log()).text(), c.name());
        byte[] bytes = changed.getBytes(StandardCharsets.UTF_8);
        outcomes.add(decide(c, reader.read(new ByteArrayInputStream(bytes), c.log().toString())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + c.log(), e);
      }
    }
    return outcomes;
  }

  /** The most of a log's end a perturbed run changes and reads: far more than the reader keeps. */
  public static final int PERTURB_MAX_BYTES = 16 * 1024 * 1024;

  private Outcome decide(EvalCase c, LogTail tail) {
    Diagnosis diagnosis = brain.diagnose(FailureSnapshot.ofLog(tail, c.exitCode(), null), context);
    return new Outcome(c.name(), c.label(), diagnosis.category(), diagnosis.action(), c.project(),
        diagnosis.signatures());
  }

  private LogTail read(EvalCase c) {
    try {
      return reader.read(c.log());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + c.log(), e);
    }
  }
}
