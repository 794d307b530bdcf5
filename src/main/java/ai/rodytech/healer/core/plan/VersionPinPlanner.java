package ai.rodytech.healer.core.plan;

import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.RecoveryPlan.AlertHuman;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Works out a patch_dependency_version plan. The rules move is "pin to last known good": an image whose floating
 * tag now resolves to another digest than in the last successful run is pinned to that run's digest; else a
 * policy-named version pin whose value moved is set back. One change per attempt: the failed container first.
 */
final class VersionPinPlanner {

  RecoveryPlan plan(Diagnosis diagnosis, FailureSnapshot snapshot, PolicyRules rules, KnownGoodVersions knownGood) {
    if (PlanArguments.get(diagnosis, PlanArguments.NEW_VALUE) != null) {
      return fromArguments(diagnosis, snapshot, rules);
    }
    List<ContainerObservation> containers = failedFirst(snapshot);
    List<String> findings = new ArrayList<>();
    for (ContainerObservation container : containers) {
      Optional<VersionPin> pin = imagePin(container, knownGood, findings);
      if (pin.isPresent()) {
        return pin.get();
      }
    }
    for (ContainerObservation container : containers) {
      for (String name : rules.versionPins()) {
        Optional<VersionPin> pin = envPin(container, name, knownGood, findings);
        if (pin.isPresent()) {
          return pin.get();
        }
      }
    }
    String lead =
        knownGood.recorded()
            ? "nothing moved since the last good run " + knownGood.run()
            : "no successful run of the pipeline has been recorded yet, so there is no known good version to pin to";
    return new AlertHuman(lead + (findings.isEmpty() ? "" : "; found: " + String.join("; ", findings)));
  }

  private static Optional<VersionPin> imagePin(
      ContainerObservation container, KnownGoodVersions knownGood, List<String> findings) {
    if (container.isParameters()) {
      return Optional.empty();
    }
    Optional<ImageReference> image = ImageReference.parse(container.image());
    if (image.isEmpty()) {
      findings.add(container.name() + ": image '" + container.image() + "' is not readable");
      return Optional.empty();
    }
    if (!image.get().floating()) {
      findings.add(container.name() + ": image " + container.image() + " is pinned by digest already");
      return Optional.empty();
    }
    Optional<String> observed = ImageReference.digestOf(container.imageId());
    Optional<String> good = ImageReference.digestOf(knownGood.imageDigests().get(container.name()));
    String resolved = container.name() + ": image " + container.image() + " resolved to "
        + observed.map(VersionPinPlanner::shortDigest).orElse("an unknown digest");
    if (observed.isEmpty() || good.isEmpty()) {
      findings.add(resolved + (good.isEmpty() ? ", no known good digest" : ""));
      return Optional.empty();
    }
    if (observed.get().equals(good.get())) {
      findings.add(resolved + ", the same as in the last good run");
      return Optional.empty();
    }
    Optional<ImageReference> goodImage = ImageReference.parse(knownGood.images().get(container.name()));
    if (goodImage.isEmpty() || !goodImage.get().sameRepository(image.get())) {
      // A digest of another repository would not even pull; and the spec's repository is a person's choice.
      findings.add(resolved + ", but the last good run used image "
          + knownGood.images().getOrDefault(container.name(), "(not recorded)"));
      return Optional.empty();
    }
    return Optional.of(new VersionPin(
        container.name(), null, container.image(), image.get().withDigest(good.get()),
        "image " + container.image() + " of container '" + container.name() + "' now resolves to "
            + shortDigest(observed.get()) + "; pinning it to " + shortDigest(good.get()) + " from the last good run "
            + knownGood.run()));
  }

  private static Optional<VersionPin> envPin(
      ContainerObservation container, String name, KnownGoodVersions knownGood, List<String> findings) {
    String current = container.env().get(name);
    if (current == null) {
      return Optional.empty();
    }
    String good = knownGood.pins().get(name);
    if (good == null || good.equals(current)) {
      findings.add(container.name() + ": " + name + "=" + current
          + (good == null ? ", no known good value" : ", the same as in the last good run"));
      return Optional.empty();
    }
    return Optional.of(new VersionPin(
        container.name(), name, current, good,
        name + " of container '" + container.name() + "' moved from " + good + " to " + current
            + "; setting it back to " + good + " from the last good run " + knownGood.run()));
  }

  /** An LLM's proposal, taken only when it passes the rules a rules proposal is held to (ProposalRules). */
  private static RecoveryPlan fromArguments(Diagnosis diagnosis, FailureSnapshot snapshot, PolicyRules rules) {
    String newValue = PlanArguments.get(diagnosis, PlanArguments.NEW_VALUE);
    String pin = PlanArguments.get(diagnosis, PlanArguments.PIN);
    String containerName = PlanArguments.get(diagnosis, PlanArguments.CONTAINER);
    if (pin != null) {
      Optional<ContainerObservation> container =
          containerName != null
              ? snapshot.container(containerName)
              : failedFirst(snapshot).stream().filter(c -> c.env().containsKey(pin)).findFirst();
      Optional<String> problem = ProposalRules.versionPin(pin, newValue, rules.versionPins(), container.orElse(null));
      if (problem.isPresent()) {
        return new AlertHuman(problem.get());
      }
      String current = container.get().env().get(pin);
      return new VersionPin(container.get().name(), pin, current, newValue,
          "proposed by the diagnosis: " + pin + " of container '" + container.get().name() + "' from " + current
              + " to " + newValue);
    }
    Optional<ContainerObservation> container =
        containerName != null ? snapshot.container(containerName) : snapshot.primaryContainer();
    if (container.isEmpty()) {
      return new AlertHuman("the proposal changes the image of "
          + (containerName == null ? "the failed container" : "container '" + containerName + "'")
          + ", which is not a container of the run");
    }
    Optional<String> problem = ProposalRules.image(newValue, container.get());
    if (problem.isPresent()) {
      return new AlertHuman(problem.get());
    }
    return new VersionPin(container.get().name(), null, container.get().image(), newValue,
        "proposed by the diagnosis: image of container '" + container.get().name() + "' from "
            + container.get().image() + " to " + newValue);
  }

  private static List<ContainerObservation> failedFirst(FailureSnapshot snapshot) {
    Optional<ContainerObservation> failed =
        snapshot.failedContainer() == null ? Optional.empty() : snapshot.container(snapshot.failedContainer());
    return Stream.concat(
            failed.stream(), snapshot.containers().stream().filter(c -> failed.map(f -> f != c).orElse(true)))
        .toList();
  }

  private static String shortDigest(String digest) {
    return digest.substring(0, Math.min(digest.length(), "sha256:".length() + 12));
  }
}
