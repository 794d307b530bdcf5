package ai.rodytech.healer.replay;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One run of a history to replay, from a case folder or from the cluster's ledger.
 *
 * @param name the run's name
 * @param pipeline the pipeline it belongs to
 * @param finished when it finished (the replay's clock)
 * @param succeeded whether it passed
 * @param revision the commit it built, or null
 * @param imageDigests container to image digest, may be empty
 * @param failingTests tests known to have failed besides those the log shows (a JUnit report, the ledger)
 * @param label the category a person gave the failure, or null when unlabelled
 * @param retryOutcomes what the corrective runs would have done, attempt by attempt (true: passed); the last one
 *     repeats; empty: not known, the label decides (a corrective run heals when its strategy is the label's)
 * @param retryStrategy the strategy the outcomes are known for, or null when they hold for any strategy
 * @param duration how long one run takes, for the CI minutes spent
 * @param image the run's image, for the simulated run the guard judges
 * @param memoryLimit the build container's memory limit, for increase_memory
 * @param exitCode the failing command's exit code, or null
 * @param diagnose the brain's diagnosis of the failure, given the simulated snapshot
 */
public record ReplayCase(
    String name,
    String pipeline,
    Instant finished,
    boolean succeeded,
    String revision,
    Map<String, String> imageDigests,
    List<String> failingTests,
    Category label,
    List<Boolean> retryOutcomes,
    Action retryStrategy,
    Duration duration,
    String image,
    String memoryLimit,
    Integer exitCode,
    Function<FailureSnapshot, Diagnosis> diagnose) {

  public ReplayCase {
    imageDigests = imageDigests == null ? Map.of() : Map.copyOf(imageDigests);
    failingTests = failingTests == null ? List.of() : List.copyOf(failingTests);
    retryOutcomes = retryOutcomes == null ? List.of() : List.copyOf(retryOutcomes);
  }

  /** Whether corrective run {@code attempt} (1-based) made with {@code strategy} would pass; empty when unknown. */
  public Optional<Boolean> retryPasses(int attempt, Action strategy) {
    if (!retryOutcomes.isEmpty() && (retryStrategy == null || retryStrategy == strategy)) {
      return Optional.of(retryOutcomes.get(Math.min(attempt, retryOutcomes.size()) - 1));
    }
    if (label != null) {
      return Optional.of(label.expectedAction() == strategy);
    }
    return Optional.empty();
  }
}
