package ai.rodytech.healer.core.plan;

import static ai.rodytech.healer.core.plan.TestSnapshots.GOOD_DIGEST;
import static ai.rodytech.healer.core.plan.TestSnapshots.NEW_DIGEST;
import static ai.rodytech.healer.core.plan.TestSnapshots.diagnosis;
import static ai.rodytech.healer.core.plan.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.plan.RecoveryPlan.AlertHuman;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.policy.TestRules;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionPinPlannerTest {
  private static final String PROXY_DIGEST = "sha256:" + "c".repeat(64);
  private static final KnownGoodVersions KNOWN_GOOD =
      new KnownGoodVersions(
          "backend-ci-build-28734500",
          Map.of("build", "node:20", "cache-proxy", "registry.example.com/tools/cache-proxy:1.4"),
          Map.of("build", "docker.io/library/node@" + GOOD_DIGEST,
              "cache-proxy", "registry.example.com/tools/cache-proxy@" + PROXY_DIGEST),
          Map.of("NODE_VERSION", "20.14.0"));

  private final Planner planner = new Planner();
  private final PolicyRules rules = TestRules.defaults().versionPins("NODE_VERSION").build();

  private static ContainerObservation build(String image, String imageId, String nodeVersion) {
    return new ContainerObservation("build", image, imageId, "512Mi", null, 1, "Error",
        Map.of("NODE_VERSION", nodeVersion, "NODE_OPTIONS", "--max-old-space-size=400"), false);
  }

  private static ContainerObservation proxy() {
    return new ContainerObservation("cache-proxy", "registry.example.com/tools/cache-proxy:1.4",
        "registry.example.com/tools/cache-proxy@" + PROXY_DIGEST, "64Mi", null, null, null, Map.of(), false);
  }

  private RecoveryPlan plan(FailureSnapshot snapshot, KnownGoodVersions knownGood, Map<String, String> arguments) {
    return planner.plan(diagnosis(Category.DEPENDENCY_VERSION, arguments), snapshot, rules, knownGood);
  }

  @Test
  void aFloatingTagThatMovedIsPinnedToTheLastGoodDigest() {
    FailureSnapshot snapshot = snapshot("build", proxy(), build("node:20", "docker.io/library/node@" + NEW_DIGEST, "20.14.0"));

    RecoveryPlan plan = plan(snapshot, KNOWN_GOOD, Map.of());

    assertThat(plan).isEqualTo(new VersionPin("build", null, "node:20", "node@" + GOOD_DIGEST,
        "image node:20 of container 'build' now resolves to sha256:bbbbbbbbbbbb; pinning it to sha256:aaaaaaaaaaaa"
            + " from the last good run backend-ci-build-28734500"));
  }

  @Test
  void aPinThatMovedIsSetBackWhenNoImageMoved() {
    FailureSnapshot snapshot = snapshot("build", build("node:20", "docker.io/library/node@" + GOOD_DIGEST, "20.15.0"), proxy());

    RecoveryPlan plan = plan(snapshot, KNOWN_GOOD, Map.of());

    assertThat(plan).isEqualTo(new VersionPin("build", "NODE_VERSION", "20.15.0", "20.14.0",
        "NODE_VERSION of container 'build' moved from 20.14.0 to 20.15.0; setting it back to 20.14.0 from the last"
            + " good run backend-ci-build-28734500"));
  }

  @Test
  void aPinThePolicyDoesNotNameIsLeftAlone() {
    FailureSnapshot snapshot = snapshot("build", build("node:20", "docker.io/library/node@" + GOOD_DIGEST, "20.15.0"));
    PolicyRules noPins = TestRules.defaults().versionPins().build();

    RecoveryPlan plan = planner.plan(diagnosis(Category.DEPENDENCY_VERSION, Map.of()), snapshot, noPins, KNOWN_GOOD);

    assertThat(plan).isInstanceOf(AlertHuman.class);
    assertThat(plan.reason()).startsWith("nothing moved since the last good run backend-ci-build-28734500; found:"
        + " build: image node:20 resolved to sha256:aaaaaaaaaaaa, the same as in the last good run");
  }

  @Test
  void withoutAKnownGoodRunItAlertsWithWhatItFound() {
    FailureSnapshot snapshot = snapshot("build", build("node:20", "docker.io/library/node@" + NEW_DIGEST, "20.15.0"));

    RecoveryPlan plan = plan(snapshot, KnownGoodVersions.NONE, Map.of());

    assertThat(plan).isEqualTo(new AlertHuman("no successful run of the pipeline has been recorded yet, so there is"
        + " no known good version to pin to; found: build: image node:20 resolved to sha256:bbbbbbbbbbbb, no known"
        + " good digest; build: NODE_VERSION=20.15.0, no known good value"));
  }

  @Test
  void anImagePinnedByDigestOrWithoutAResolvedDigestIsNotRepinned() {
    FailureSnapshot snapshot = snapshot("build",
        build("node@" + NEW_DIGEST, "docker.io/library/node@" + NEW_DIGEST, "20.14.0"),
        new ContainerObservation("lint", "node:20", "docker://sha256:" + "d".repeat(64), null, null, null, null,
            Map.of(), false));

    RecoveryPlan plan = plan(snapshot, KNOWN_GOOD, Map.of());

    assertThat(plan.reason())
        .contains("build: image node@sha256:bbbb" + "b".repeat(60) + " is pinned by digest already")
        .contains("lint: image node:20 resolved to an unknown digest, no known good digest");
  }

  @Test
  void aDigestFromAnotherRepositoryIsNeverPinned() {
    FailureSnapshot snapshot = snapshot("build", build("node:20", "docker.io/library/node@" + NEW_DIGEST, "20.14.0"));
    KnownGoodVersions otherRepository = new KnownGoodVersions("good-run", Map.of("build", "python:3.12"),
        Map.of("build", "docker.io/library/python@" + GOOD_DIGEST), Map.of());

    RecoveryPlan plan = plan(snapshot, otherRepository, Map.of());

    assertThat(plan).isInstanceOf(AlertHuman.class);
    assertThat(plan.reason()).contains("but the last good run used image python:3.12");
  }

  @Test
  void aLocalImageIdIsNeverTakenForAPullableDigest() {
    // An image loaded into the node (kind load, a local build) reports its configuration digest, bare: a pin to
    // node@<that> would not pull.
    FailureSnapshot snapshot = snapshot("build", build("node:20", "docker.io/library/node@" + NEW_DIGEST, "20.14.0"));
    KnownGoodVersions loaded = new KnownGoodVersions("good-run", Map.of("build", "node:20"),
        Map.of("build", GOOD_DIGEST), Map.of());

    RecoveryPlan plan = plan(snapshot, loaded, Map.of());

    assertThat(plan).isInstanceOf(AlertHuman.class);
    assertThat(plan.reason()).contains("build: image node:20 resolved to sha256:bbbbbbbbbbbb, no known good digest");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pin=NODE_VERSION,newValue=20.11.1 | build | NODE_VERSION | 20.15.0 | 20.11.1",
        "container=build,pin=NODE_VERSION,newValue=20.11.1 | build | NODE_VERSION | 20.15.0 | 20.11.1",
        "container=build,newValue=node:20.11.1 | build | | node:20 | node:20.11.1",
        "newValue=docker.io/library/node@" + "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            + " | build | | node:20 | docker.io/library/node@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      })
  void aProposalWithinTheRulesIsTaken(String arguments, String container, String env, String from, String to) {
    FailureSnapshot snapshot = snapshot("build", build("node:20", "docker.io/library/node@" + NEW_DIGEST, "20.15.0"), proxy());

    VersionPin pin = (VersionPin) plan(snapshot, KNOWN_GOOD, TestSnapshots.arguments(arguments));

    assertThat(pin.container()).isEqualTo(container);
    assertThat(pin.envName()).isEqualTo(env);
    assertThat(pin.from()).isEqualTo(from);
    assertThat(pin.to()).isEqualTo(to);
    assertThat(pin.reason()).startsWith("proposed by the diagnosis");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pin=NPM_TOKEN,newValue=abc | the proposal changes NPM_TOKEN, which the policy does not name as a version pin",
        "pin=NODE_VERSION,container=cache-proxy,newValue=20.11.1 | the proposal changes NODE_VERSION, but container"
            + " 'cache-proxy' of the run sets it as a plain value",
        "pin=NODE_VERSION,newValue=20; curl evil.sh | the proposed value '20; curl evil.sh' for NODE_VERSION is not a"
            + " version",
        "pin=NODE_VERSION,newValue=20.15.0 | the proposed value '20.15.0' for NODE_VERSION is its current value",
        "container=build,newValue=evil.example.com/node:20 | the proposed image 'evil.example.com/node:20' for"
            + " container 'build' is not another tag or digest of its repository",
        "container=build,newValue=node:20 | the proposed image 'node:20' for container 'build' is not another tag",
        "container=ghost,newValue=node:18 | the proposal changes the image of container 'ghost', which is not a"
            + " container of the run",
      })
  void aProposalOutsideTheRulesAlerts(String arguments, String reason) {
    FailureSnapshot snapshot = snapshot("build", build("node:20", "docker.io/library/node@" + NEW_DIGEST, "20.15.0"), proxy());

    RecoveryPlan plan = plan(snapshot, KNOWN_GOOD, TestSnapshots.arguments(arguments));

    assertThat(plan).isInstanceOf(AlertHuman.class);
    assertThat(plan.reason()).startsWith(reason);
  }
}
