package ai.rodytech.healer.core.guard;

import static ai.rodytech.healer.core.change.TestJobs.at;
import static ai.rodytech.healer.core.guard.GuardTest.BUILD;
import static ai.rodytech.healer.core.guard.GuardTest.PROXY;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.guard.GuardTest.Case;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.Retry;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each strategy may touch: one plan per case, an optional extra edit, and the guard's answer. */
class ChangeScopeTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final RecoveryPlan RETRY = new Retry("flaky test");
  private static final RecoveryPlan IMAGE_PIN = new VersionPin("build", null, "node:20", "node@" + DIGEST, "moved");
  private static final RecoveryPlan ENV_PIN = new VersionPin("build", "NODE_VERSION", "20.14.0", "20.11.1", "moved");
  private static final Consumer<ObjectNode> NOTHING = after -> {};

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("retry with the healer's metadata", RETRY, NOTHING, null, null),
        Arguments.of("retry with another Job label", RETRY,
            (Consumer<ObjectNode>) a -> at(a, "/metadata/labels").put("healed", "true"), null, null),
        Arguments.of("retry with more memory", RETRY,
            (Consumer<ObjectNode>) a -> at(a, BUILD + "/resources/limits").put("memory", "1Gi"),
            GuardReasons.OUT_OF_SCOPE,
            "retry_stage may change only the run's metadata (name, labels, annotations); this change also touches"
                + " /spec/template/spec/containers/0/resources/limits/memory"),
        Arguments.of("memory of an init container",
            new MemoryBump("fetch", "128Mi", "384Mi", null, "384Mi", "oom"), NOTHING, null, null),
        Arguments.of("image pinned to a digest of its repository", IMAGE_PIN, NOTHING, null, null),
        Arguments.of("image pin that also moves another image's tag", IMAGE_PIN,
            (Consumer<ObjectNode>) a -> at(a, PROXY).put("image", "registry.example.com/tools/cache-proxy:1.5"),
            GuardReasons.OUT_OF_SCOPE,
            "patch_dependency_version may change only the image tag or digest of container 'build' (and the run's"
                + " metadata); this change also touches /spec/template/spec/containers/1/image"),
        Arguments.of("image pin to another repository",
            new VersionPin("build", null, "node:20", "ghcr.io/someone/node:20", "moved"), NOTHING,
            GuardReasons.FORBIDDEN_FIELD,
            "the change moves the image of container 'build' from node:20 to ghcr.io/someone/node:20; the healer may"
                + " change an image's tag or digest, never its repository"),
        Arguments.of("named pin set back", ENV_PIN, NOTHING, null, null),
        Arguments.of("named pin and another variable", ENV_PIN,
            (Consumer<ObjectNode>) a -> at(a, BUILD + "/env/0").put("value", "--inspect"),
            GuardReasons.OUT_OF_SCOPE,
            "patch_dependency_version may change only the value of version pin NODE_VERSION in container 'build'"
                + " (and the run's metadata); this change also touches /spec/template/spec/containers/0/env/0/value"),
        Arguments.of("named pin renamed", ENV_PIN,
            (Consumer<ObjectNode>) a -> at(a, BUILD + "/env/1").put("name", "NODE_VERSION_OVERRIDE"),
            GuardReasons.OUT_OF_SCOPE,
            "patch_dependency_version may change only the value of version pin NODE_VERSION in container 'build'"
                + " (and the run's metadata); this change also touches /spec/template/spec/containers/0/env/1/name"
                + " and 1 more path(s)"),
        Arguments.of("image change under an env pin", ENV_PIN,
            (Consumer<ObjectNode>) a -> at(a, BUILD).put("image", "node:22"),
            GuardReasons.OUT_OF_SCOPE,
            "patch_dependency_version may change only the value of version pin NODE_VERSION in container 'build'"
                + " (and the run's metadata); this change also touches /spec/template/spec/containers/0/image"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachStrategyTouchesOnlyItsFields(
      String name, RecoveryPlan plan, Consumer<ObjectNode> edit, String reason, String message) {
    Case c = new Case();
    c.plan = plan;
    c.afterEdit = edit;

    Verdict verdict = Guard.standard().evaluate(c.input());

    if (reason == null) {
      assertThat(verdict.violation()).as(name).isEmpty();
      assertThat(verdict.passed()).isEqualTo(Guard.standard().checkNames());
    } else {
      assertThat(verdict.violation()).as(name).isPresent();
      assertThat(verdict.violation().get().reason()).isEqualTo(reason);
      assertThat(verdict.violation().get().message()).isEqualTo(message);
    }
  }
}
