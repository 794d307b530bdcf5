package ai.rodytech.healer.operator.decide;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyStatus.KnownGood;
import ai.rodytech.healer.core.change.Workload;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.plan.KnownGoodVersions;
import ai.rodytech.healer.operator.report.PolicyStatusAggregator;
import ai.rodytech.healer.operator.run.PipelineRuns;
import ai.rodytech.healer.operator.run.RunHandle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "last known good" versions patch_dependency_version pins back to: the images, their digests and the
 * version pins a pipeline's last successful run used, kept in the policy's status (one entry per container). A
 * success records what its spec says, at no cost; the digests its pods resolved are read only when a failure is
 * to be pinned back (one read of that run's pods, while the cache still has it) — most failures never need them.
 */
public final class KnownGoodBook {
  private final PolicyStatusAggregator policyStatus;

  public KnownGoodBook(PolicyStatusAggregator policyStatus) {
    this.policyStatus = policyStatus;
  }

  public void record(PipelineRecoveryPolicy policy, RunHandle<?> succeeded) {
    if (!allowsPins(policy)) {
      return;
    }
    List<String> pins = pins(policy);
    KnownGood good = new KnownGood();
    good.setRun(succeeded.name());
    ObjectNode tree = succeeded.comparable();
    for (Workload w : succeeded.kind().layout().workloads(tree)) {
      // A run's parameters are a unit without an image (a PipelineRun's params, a Workflow's arguments).
      if (w.node().path("image").isTextual()) {
        good.getImages().put(w.id(), w.node().path("image").asText());
      }
      for (JsonNode env : w.env()) {
        if (pins.contains(env.path("name").asText()) && env.has("value") && !env.has("valueFrom")) {
          good.getPins().putIfAbsent(env.path("name").asText(), env.path("value").asText());
        }
      }
    }
    policyStatus.knownGood(policy, good);
  }

  /**
   * What the planner pins back to. The recorded run's image digests are read now if they were not yet (the run
   * must still be in the informer's cache; when it is gone, the planner says there is no known good digest).
   */
  public KnownGoodVersions of(PipelineRecoveryPolicy policy, PipelineRuns runs) {
    KnownGood good = policyStatus.knownGood(policy).orElse(null);
    if (good == null) {
      return KnownGoodVersions.NONE;
    }
    if ((good.getImageDigests() == null || good.getImageDigests().isEmpty()) && good.getRun() != null) {
      Optional<RunHandle<?>> run = runs.named(good.getRun());
      if (run.isPresent()) {
        KnownGoodVersions read = run.get().versions(pins(policy));
        KnownGood withDigests = new KnownGood();
        withDigests.setRun(good.getRun());
        // What the pods ran with wins over the spec: a run of a referenced Tekton Pipeline or Argo WorkflowTemplate
        // holds no steps in its spec, and a step's image or variable may be a parameter the pod has substituted.
        withDigests.setImages(new LinkedHashMap<>(good.getImages()));
        withDigests.getImages().putAll(read.images());
        withDigests.setPins(new LinkedHashMap<>(good.getPins()));
        withDigests.getPins().putAll(read.pins());
        withDigests.setImageDigests(new LinkedHashMap<>(read.imageDigests()));
        policyStatus.knownGood(policy, withDigests);
        good = withDigests;
      }
    }
    return new KnownGoodVersions(good.getRun(), copy(good.getImages()), copy(good.getImageDigests()),
        copy(good.getPins()));
  }

  private static boolean allowsPins(PipelineRecoveryPolicy policy) {
    return Optional.ofNullable(policy.getSpec().getAllowedStrategies()).orElse(List.of()).stream()
        .anyMatch(s -> s != null && s.action() == Action.PATCH_DEPENDENCY_VERSION);
  }

  private static List<String> pins(PipelineRecoveryPolicy policy) {
    return Optional.ofNullable(policy.getSpec().getVersionPins()).orElse(List.of());
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? Map.of() : Map.copyOf(map);
  }
}
