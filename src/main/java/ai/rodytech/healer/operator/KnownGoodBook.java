package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyStatus.KnownGood;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.operator.report.PolicyStatusAggregator;
import ai.rodytech.healer.operator.run.RunHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "last known good" versions patch_dependency_version pins back to: the images, their digests and the
 * version pins a pipeline's last successful run used. Recorded (one read of the run's pods) only for policies
 * that allow the strategy; kept in the policy's status, one entry per container.
 */
public final class KnownGoodBook {
  private final PolicyStatusAggregator policyStatus;

  public KnownGoodBook(PolicyStatusAggregator policyStatus) {
    this.policyStatus = policyStatus;
  }

  public void record(PipelineRecoveryPolicy policy, RunHandle<?> succeeded) {
    boolean pins = Optional.ofNullable(policy.getSpec().getAllowedStrategies()).orElse(List.of()).stream()
        .anyMatch(s -> s != null && s.action() == Action.PATCH_DEPENDENCY_VERSION);
    if (!pins) {
      return;
    }
    KnownGoodVersions versions =
        succeeded.versions(Optional.ofNullable(policy.getSpec().getVersionPins()).orElse(List.of()));
    KnownGood good = new KnownGood();
    good.setRun(versions.run());
    good.setImages(new java.util.LinkedHashMap<>(versions.images()));
    good.setImageDigests(new java.util.LinkedHashMap<>(versions.imageDigests()));
    good.setPins(new java.util.LinkedHashMap<>(versions.pins()));
    policyStatus.knownGood(policy, good);
  }

  /** What the policy's status remembers, for the planner. */
  public KnownGoodVersions of(PipelineRecoveryPolicy policy) {
    KnownGood good = policyStatus.knownGood(policy).orElse(null);
    if (good == null) {
      return KnownGoodVersions.NONE;
    }
    return new KnownGoodVersions(good.getRun(), copy(good.getImages()), copy(good.getImageDigests()),
        copy(good.getPins()));
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? Map.of() : Map.copyOf(map);
  }
}
