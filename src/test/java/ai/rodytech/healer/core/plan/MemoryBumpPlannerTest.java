package ai.rodytech.healer.core.plan;

import static ai.rodytech.healer.core.plan.TestSnapshots.container;
import static ai.rodytech.healer.core.plan.TestSnapshots.diagnosis;
import static ai.rodytech.healer.core.plan.TestSnapshots.killed;
import static ai.rodytech.healer.core.plan.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.plan.RecoveryPlan.AlertHuman;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.policy.PolicyRules;
import ai.rodytech.healer.core.policy.TestRules;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryBumpPlannerTest {
  private final Planner planner = new Planner();

  private RecoveryPlan plan(FailureSnapshot snapshot, PolicyRules rules, Map<String, String> arguments) {
    return planner.plan(diagnosis(Category.OOM, arguments), snapshot, rules, KnownGoodVersions.NONE);
  }

  @ParameterizedTest(name = "limit {0}, request {1}, ceiling {2} -> limit {3}, request {4}")
  @CsvSource(
      nullValues = "none",
      value = {
        // ×1.5 and +256Mi agree at 512Mi; a lower request keeps its share of the limit.
        "512Mi, 256Mi, 8Gi, 768Mi, 384Mi",
        "1Gi, 1Gi, 8Gi, 1536Mi, 1536Mi",
        "1Gi, 512Mi, 8Gi, 1536Mi, 768Mi",
        // Small limits grow by 256Mi rather than by half.
        "100Mi, none, 8Gi, 356Mi, 356Mi",
        "333Mi, 100Mi, 8Gi, 589Mi, 177Mi",
        // Decimal units round up to whole MiB: 1.5 × 10^9 bytes is 1430.5MiB.
        "1000M, none, 8Gi, 1431Mi, 1431Mi",
        // A request above its limit (the API would refuse it) never survives as such.
        "512Mi, 1Gi, 8Gi, 768Mi, 768Mi",
        // The ceiling caps the limit, and the request with it.
        "6Gi, 6Gi, 8Gi, 8Gi, 8Gi",
        "6Gi, 3Gi, 8Gi, 8Gi, 4Gi",
        // A decimal ceiling is rounded down to whole MiB so the new limit stays under it.
        "6Gi, 6Gi, 8G, 7629Mi, 7629Mi",
        // No limit: the request is what the container was known to need.
        "none, 300Mi, 8Gi, 556Mi, 556Mi",
        // Neither: the policy's starting value, 1Gi by default.
        "none, none, 8Gi, 1Gi, 1Gi",
        "none, none, 512Mi, 512Mi, 512Mi",
      })
  void newLimitIsTheLargerOfHalfAgainAnd256MiCapped(
      String limit, String request, String ceiling, String toLimit, String toRequest) {
    RecoveryPlan plan =
        plan(snapshot("build", killed("build", limit, request)), TestRules.defaults().ceiling(ceiling).build(), Map.of());

    assertThat(plan).isInstanceOf(MemoryBump.class);
    MemoryBump bump = (MemoryBump) plan;
    assertThat(bump.container()).isEqualTo("build");
    assertThat(bump.fromLimit()).isEqualTo(limit);
    assertThat(bump.fromRequest()).isEqualTo(request);
    assertThat(bump.toLimit()).isEqualTo(toLimit);
    assertThat(bump.toRequest()).isEqualTo(toRequest);
    assertThat(MemoryQuantity.parseBytes(bump.toRequest())).isLessThanOrEqualTo(MemoryQuantity.parseBytes(toLimit));
  }

  @Test
  void eachFurtherOomBumpsAgainUntilTheCeilingThenAlerts() {
    PolicyRules rules = TestRules.defaults().build();
    String limit = "512Mi";
    List<String> limits = new ArrayList<>();
    RecoveryPlan plan;
    while ((plan = plan(snapshot("build", killed("build", limit, limit)), rules, Map.of())) instanceof MemoryBump bump) {
      limits.add(bump.toLimit());
      limit = bump.toLimit();
    }

    assertThat(limits).containsExactly("768Mi", "1152Mi", "1728Mi", "2592Mi", "3888Mi", "5832Mi", "8Gi");
    assertThat(((AlertHuman) plan).reason())
        .isEqualTo("container 'build' is at the memory ceiling already (limit 8Gi, request 8Gi, ceiling 8Gi) and ran"
            + " out of memory again; a person must raise the ceiling or fix the memory use");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {"8Gi, none", "9Gi, 1Gi", "none, 8Gi"})
  void aContainerAtOrAboveTheCeilingAlerts(String limit, String request) {
    RecoveryPlan plan = plan(snapshot("build", killed("build", limit, request)), TestRules.defaults().build(), Map.of());

    assertThat(plan).isInstanceOf(AlertHuman.class);
    assertThat(plan.reason()).contains("at the memory ceiling already");
  }

  @Test
  void theFailedContainerIsBumpedEvenWhenAnotherWasKilled() {
    FailureSnapshot snapshot = snapshot("build", killed("sidecar", "64Mi", null), container("build", "512Mi", null));

    assertThat(((MemoryBump) plan(snapshot, TestRules.defaults().build(), Map.of())).container()).isEqualTo("build");
  }

  @Test
  void withoutAFailedContainerTheOomKilledOneIsBumped() {
    FailureSnapshot byReason = snapshot(null, container("lint", "1Gi", null), killed("build", "512Mi", null));
    FailureSnapshot unknownFailed = snapshot("ghost", container("lint", "1Gi", null), killed("build", "512Mi", null));

    assertThat(((MemoryBump) plan(byReason, TestRules.defaults().build(), Map.of())).container()).isEqualTo("build");
    assertThat(((MemoryBump) plan(unknownFailed, TestRules.defaults().build(), Map.of())).container())
        .isEqualTo("build");
  }

  @Test
  void withNothingToGoByThePrimaryContainerIsBumped() {
    FailureSnapshot snapshot = snapshot(null, container("lint", "1Gi", null), container("build", "512Mi", null));

    assertThat(((MemoryBump) plan(snapshot, TestRules.defaults().build(), Map.of())).container()).isEqualTo("lint");
  }

  @Test
  void noObservedContainerAlerts() {
    assertThat(plan(snapshot(null), TestRules.defaults().build(), Map.of()).reason())
        .isEqualTo("no container of the run was observed, so there is no memory limit to raise");
  }

  @Test
  void anUnreadableLimitAlerts() {
    assertThat(plan(snapshot("build", killed("build", "lots", null)), TestRules.defaults().build(), Map.of()).reason())
        .startsWith("container 'build' has a memory setting the healer cannot read: 'lots' is not a memory quantity");
  }

  @ParameterizedTest(name = "{0} -> limit {1}, request {2}")
  @CsvSource({
    "'container=build,newLimit=2Gi', 2Gi, 1Gi",
    "'newLimit=1.5Gi', 1536Mi, 768Mi",
    "'newLimit=1000M', 954Mi, 477Mi",
    "'container=build', 768Mi, 384Mi",
  })
  void aValidProposalIsTaken(String arguments, String toLimit, String toRequest) {
    FailureSnapshot snapshot = snapshot("build", killed("build", "512Mi", "256Mi"), container("lint", "1Gi", null));

    MemoryBump bump = (MemoryBump) plan(snapshot, TestRules.defaults().build(), TestSnapshots.arguments(arguments));

    assertThat(bump.container()).isEqualTo("build");
    assertThat(bump.toLimit()).isEqualTo(toLimit);
    assertThat(bump.toRequest()).isEqualTo(toRequest);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "container=ghost,newLimit=2Gi | the proposed container 'ghost' is not a container of the run",
        "newLimit=lots | the proposed memory limit 'lots' is not a memory quantity (container 'build', limit 512Mi,"
            + " request 256Mi)",
        "newLimit=-1Gi | the proposed memory limit '-1Gi' is not a memory quantity",
        "newLimit=1Ti | the proposed memory limit 1Ti is above the policy's memory ceiling 8Gi",
        "newLimit=256Mi | the proposed memory limit 256Mi is not above the current 512Mi",
        "newLimit=512Mi | the proposed memory limit 512Mi is not above the current 512Mi",
        "container=lint,newLimit=512Mi | the proposed memory limit 512Mi is not above the current 1Gi (container"
            + " 'lint'",
      })
  void anInvalidProposalAlertsWithTheReason(String arguments, String reason) {
    FailureSnapshot snapshot = snapshot("build", killed("build", "512Mi", "256Mi"), container("lint", "1Gi", null));

    RecoveryPlan plan = plan(snapshot, TestRules.defaults().build(), TestSnapshots.arguments(arguments));

    assertThat(plan).isInstanceOf(AlertHuman.class);
    assertThat(plan.reason()).startsWith(reason);
  }
}
