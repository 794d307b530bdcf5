package ai.rodytech.healer.core.policy;

import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Policy rules for tests: every strategy allowed and the CRD's defaults, changed one field at a time. */
public final class TestRules {
  private Set<Action> allowed = EnumSet.of(Action.RETRY_STAGE, Action.INCREASE_MEMORY, Action.PATCH_DEPENDENCY_VERSION);
  private int failureThreshold = 1;
  private int maxRetries = 3;
  private int maxDiffLines = 20;
  private Duration cooldown = Duration.ofSeconds(10);
  private String ceiling = "8Gi";
  private String initial = "1Gi";
  private List<String> versionPins = List.of("NODE_VERSION");

  public static TestRules defaults() {
    return new TestRules();
  }

  public TestRules allowed(Action... actions) {
    allowed = actions.length == 0 ? Set.of() : EnumSet.of(actions[0], actions);
    return this;
  }

  public TestRules failureThreshold(int value) {
    failureThreshold = value;
    return this;
  }

  public TestRules maxRetries(int value) {
    maxRetries = value;
    return this;
  }

  public TestRules maxDiffLines(int value) {
    maxDiffLines = value;
    return this;
  }

  public TestRules cooldown(Duration value) {
    cooldown = value;
    return this;
  }

  public TestRules ceiling(String value) {
    ceiling = value;
    return this;
  }

  public TestRules initial(String value) {
    initial = value;
    return this;
  }

  public TestRules versionPins(String... names) {
    versionPins = List.of(names);
    return this;
  }

  public PolicyRules build() {
    return new PolicyRules(
        "backend-ci-build", failureThreshold, allowed, true, maxRetries, maxDiffLines, cooldown,
        MemoryQuantity.parseBytes(ceiling), MemoryQuantity.parseBytes(initial), versionPins, false, false, 10);
  }
}
