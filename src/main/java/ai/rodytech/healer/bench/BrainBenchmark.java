package ai.rodytech.healer.bench;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How long a brain takes per diagnosis: every failure diagnosed in turn, in rounds in one JVM. */
public final class BrainBenchmark {
  private BrainBenchmark() {}

  /** Nanoseconds of each diagnosis of one round, in the failures' order. */
  public record Round(long[] nanos) {
    public double meanMicros() {
      return Arrays.stream(nanos).sum() / 1e3 / nanos.length;
    }

    /** The round's times, shortest first. */
    public long[] sorted() {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return sorted;
    }
  }

  /** {@code rounds} rounds over all the failures (the first ones warm the JIT). */
  public static List<Round> run(Brain brain, List<FailureSnapshot> failures, int rounds) {
    List<Round> out = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      long[] nanos = new long[failures.size()];
      for (int i = 0; i < failures.size(); i++) {
        long start = System.nanoTime();
        brain.diagnose(failures.get(i), BrainContext.permissive());
        nanos[i] = System.nanoTime() - start;
      }
      out.add(new Round(nanos));
    }
    return out;
  }
}
