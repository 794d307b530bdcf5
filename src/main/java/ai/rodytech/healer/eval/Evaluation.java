package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import java.io.IOException;
import java.io.UncheckedIOException;
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
      Diagnosis diagnosis = brain.diagnose(FailureSnapshot.ofLog(tail, c.exitCode(), null), context);
      brainOutcomes.add(new Outcome(c.name(), c.label(), diagnosis.category(), diagnosis.action()));
      retryAll.add(Baselines.retryEverything(c));
      retryNetwork.add(Baselines.retryOnNetworkString(c, tail));
    }
    return new Result(brainOutcomes, retryAll, retryNetwork);
  }

  private LogTail read(EvalCase c) {
    try {
      return reader.read(c.log());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + c.log(), e);
    }
  }
}
