package ai.rodytech.healer.demo;

import ai.rodytech.healer.demo.Scenario.Expectation;
import ai.rodytech.healer.sim.ImageIds;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The demo's scenarios, in the order they play: what the healer fixes first, then where it stops. */
public final class Scenarios {
  /** The article's policy, byte for byte. */
  public static final String SEED_POLICY = "seed-policy.yaml";

  /** The one tool call of the demo's scripted model: set the Secret-backed NODE_VERSION to 20. */
  public static final String MODEL_TOOL = "patch_dependency_version";
  public static final String MODEL_ARGUMENTS = "{\"container\":\"build\",\"pin\":\"NODE_VERSION\",\"newValue\":\"20.18.1\","
      + "\"category\":\"dependency_version\",\"confidence\":0.9,"
      + "\"reason\":\"npm refuses Node 22; the package supports node <21, so set NODE_VERSION back to 20\"}";

  static final Duration FAILS_AFTER = Duration.ofMillis(300);
  static final Duration PASSES_AFTER = Duration.ofMillis(400);
  /** What node:lts resolved to while the pipeline was green. */
  static final String GOOD_NODE = ImageIds.resolve("node:lts");
  /** What node:lts resolves to after the tag moved to the next major. */
  static final String MOVED_NODE =
      "docker.io/library/node@sha256:5b3f0c2e9d8a7f6e1c4b3a29d8e7f6a5c4b3d2e1f0a9b8c7d6e5f4a3b2c1d0e9";

  private Scenarios() {}

  public static List<Scenario> all() {
    List<Scenario> jobs = List.of(flakyTest(), oom(), oomCeiling(), registryOutage(), floatingTag(), compileError(),
        secretPin(), shadow(), approval());
    return java.util.stream.Stream.of(jobs, StrictJobScenarios.all(), HistoryScenarios.all(), EngineScenarios.all())
        .flatMap(List::stream).toList();
  }

  static Scenario flakyTest() {
    return new Scenario("flaky-test", "A flaky integration test passes when the stage runs again", SEED_POLICY,
        Build.MAVEN, 2,
        RunScript.byAttempt(fails(SampleLogs.flakyTest()), passes(SampleLogs.mavenSuccess())),
        false,
        new Expectation("Healed", "retry_stage", 1, false, "diagnosed flaky_test", Scenarios::diagnosed));
  }

  static Scenario oom() {
    return new Scenario("oom", "A build killed for memory (exit 137, OOMKilled) passes with more memory",
        SEED_POLICY, Build.MAVEN, 2,
        RunScript.byMemoryLimit("768Mi", RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), FAILS_AFTER),
            passes(SampleLogs.mavenSuccess())),
        false,
        new Expectation("Healed", "increase_memory", 1, false, "new run's memory 768Mi",
            got -> "new run's memory " + String.join(", ", got.correctiveMemory())));
  }

  static Scenario oomCeiling() {
    return new Scenario("oom-ceiling",
        "A build that keeps running out of memory stops at the policy's ceiling and pages a person",
        "policies/oom-ceiling.yaml", Build.MAVEN, 1,
        RunScript.always(RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), FAILS_AFTER)),
        false,
        new Expectation("NeedsHuman", "alert_human", 2, true, "new runs' memory 768Mi, 1Gi; stopped at the ceiling",
            got -> "new runs' memory " + String.join(", ", got.correctiveMemory()) + "; "
                + got.lastDecision().filter(d -> d.message != null && d.message.contains("ceiling"))
                    .map(d -> "stopped at the ceiling")
                    .orElse("stopped: " + got.lastDecision().map(d -> d.reason).orElse("no decision"))));
  }

  static Scenario registryOutage() {
    return new Scenario("registry-outage", "The npm registry times out; running the stage again passes", SEED_POLICY,
        Build.NODE, 2,
        RunScript.byAttempt(fails(SampleLogs.npmRegistryTimeout()), passes(SampleLogs.npmSuccess())),
        false,
        new Expectation("Healed", "retry_stage", 1, false, "diagnosed transient_infra", Scenarios::diagnosed));
  }

  /**
   * The first run passes on node:lts as it was; then the tag moves to the next Node major and npm refuses the
   * engine. Only a run pinned to the digest of the green run passes again.
   */
  static Scenario floatingTag() {
    RunOutcome green = passes(SampleLogs.npmSuccess()).withImageId(Build.CONTAINER, GOOD_NODE);
    RunOutcome moved = fails(SampleLogs.nodeVersionMismatch()).withImageId(Build.CONTAINER, MOVED_NODE);
    AtomicInteger originals = new AtomicInteger();
    RunScript script = job -> {
      if (image(job).endsWith(digest(GOOD_NODE))) {
        return green;
      }
      return RunScript.attemptOf(job) == 0 && originals.getAndIncrement() == 0 ? green : moved;
    };
    return new Scenario("floating-tag",
        "The node:lts tag moved to a new Node major; the run is pinned back to the last good digest", SEED_POLICY,
        Build.NODE, 3, script, false,
        new Expectation("Healed", "patch_dependency_version", 1, false,
            "image pinned to " + shortDigest(GOOD_NODE),
            got -> got.correctiveImage().map(i -> "image pinned to " + shortDigest(i)).orElse("no new image")));
  }

  static Scenario compileError() {
    return new Scenario("compile-error", "A genuine compile error: no heal, a person is alerted",
        "policies/compile-error.yaml", Build.MAVEN, 1,
        RunScript.always(fails(SampleLogs.javacCompileError())),
        false,
        new Expectation("NeedsHuman", "alert_human", 0, true, "diagnosed genuine_failure", Scenarios::diagnosed));
  }

  /**
   * The policy asks the (scripted) model, which proposes to overwrite NODE_VERSION; the run reads that variable
   * from a Secret. The proposal is refused before anything is built from it, the rules brain answers instead, and
   * with nothing safe to do a person is alerted.
   */
  static Scenario secretPin() {
    return new Scenario("secret-pin",
        "The model proposes changing a Secret-backed variable: refused, a person is alerted",
        "policies/secret-pin.yaml", Build.NODE.withSecretEnv("NODE_VERSION"), 1,
        RunScript.always(fails(SampleLogs.nodeVersionMismatch()).withImageId(Build.CONTAINER, MOVED_NODE)),
        false,
        new Expectation("NeedsHuman", "alert_human", 0, true, "the model's NODE_VERSION change refused",
            got -> got.notes().stream().anyMatch(n -> n.contains("llm fallback") && n.contains("NODE_VERSION"))
                ? "the model's NODE_VERSION change refused"
                : "model notes: " + got.notes()));
  }

  static Scenario shadow() {
    return new Scenario("shadow", "Shadow mode: the healer decides and records, but changes nothing",
        "policies/shadow.yaml", Build.MAVEN, 1,
        RunScript.always(RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), FAILS_AFTER)),
        false,
        new Expectation("Shadowed", "increase_memory", 0, false, "dry run passed, would-be run recorded",
            got -> got.actionKinds().containsAll(List.of("DryRun", "WouldCreate"))
                && !got.actionKinds().contains("Create")
                ? "dry run passed, would-be run recorded" : "actions " + got.actionKinds()));
  }

  static Scenario approval() {
    return new Scenario("approval", "Approval required: the change waits until a person approves it",
        "policies/approval.yaml", Build.MAVEN, 1,
        RunScript.byAttempt(fails(SampleLogs.flakyTest()), passes(SampleLogs.mavenSuccess())),
        true,
        new Expectation("Healed", "retry_stage", 1, true, "created only after approval",
            got -> {
              // The incident records the approval; the corrective run's own creation time says when it came.
              java.util.Optional<String> approvedAt = got.status().actions.stream()
                  .filter(a -> "Approve".equals(a.kind)).map(a -> a.at).findFirst();
              boolean after = approvedAt.isPresent() && !got.correctiveRuns().isEmpty()
                  && got.correctiveRuns().stream().allMatch(j -> j.getMetadata().getCreationTimestamp() != null
                      && java.time.Instant.parse(j.getMetadata().getCreationTimestamp())
                          .compareTo(java.time.Instant.parse(approvedAt.get())) >= 0);
              return after ? "created only after approval" : "actions " + got.actionKinds();
            }));
  }

  private static String diagnosed(Observation got) {
    return "diagnosed " + got.category();
  }

  private static RunOutcome fails(String log) {
    return RunOutcome.failed(1, log, FAILS_AFTER);
  }

  private static RunOutcome passes(String log) {
    return RunOutcome.succeeded(log, PASSES_AFTER);
  }

  private static String image(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static String digest(String imageId) {
    return imageId.substring(imageId.indexOf('@') + 1);
  }

  private static String shortDigest(String image) {
    String digest = image.contains("@") ? digest(image) : "no digest (" + image + ")";
    return digest.startsWith("sha256:") ? digest.substring(0, "sha256:".length() + 12) : digest;
  }
}
