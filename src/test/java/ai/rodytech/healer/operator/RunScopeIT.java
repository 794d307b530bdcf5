package ai.rodytech.healer.operator;

import static ai.rodytech.healer.operator.StrictCluster.FLAKY;
import static ai.rodytech.healer.operator.StrictCluster.PASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.operator.StrictCluster.Space;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.RequestLog.ApiCall;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, point 7 (scale and scope): the run informer lists in pages of {@code --list-limit} and, with
 * {@code --run-selector}, watches only the runs it selects — the healer's own runs among them, since they carry
 * the failed run's labels.
 */
class RunScopeIT {
  private static final long LIST_LIMIT = 2;
  private static final String SELECTOR = "team=payments";
  private static final Map<String, String> SELECTED = Map.of(Labels.PIPELINE, StrictCluster.PIPELINE,
      "team", "payments");
  private static final Map<String, String> OTHER_TEAM = Map.of(Labels.PIPELINE, StrictCluster.PIPELINE,
      "team", "search");
  private static StrictCluster k;

  @BeforeAll
  static void start() {
    k = new StrictCluster(10, image -> false, s -> new OperatorSettings(s.namespaces(), s.leaseNamespace(),
        s.useServerSideApply(), s.logLimits(), s.retention(), s.staleRunAge(), s.reconcileThreads(),
        s.startTimeout(), LIST_LIMIT, Optional.of(SELECTOR), s.statusInterval(), s.leaderTiming()));
  }

  @AfterAll
  static void stop() {
    k.close();
  }

  @Test
  void theRunInformerListsInPagesAndWatchesOnlyTheSelectedRuns() {
    Space ns = k.namespace("scope", RunScript.byAttempt(FLAKY, PASS));
    k.stopOperator();
    for (int i = 1; i <= 5; i++) {
      ns.run("backend-ci-build-" + i, SELECTED, s -> s);
    }
    ns.run("backend-ci-build-6", OTHER_TEAM, s -> s);
    await().atMost(Duration.ofSeconds(30)).until(() -> ns.jobs().stream().allMatch(j -> j.getStatus() != null
        && j.getStatus().getConditions().stream().anyMatch(c -> "Failed".equals(c.getType()))));
    k.cluster.requests().reset();
    k.start();

    for (int i = 1; i <= 5; i++) {
      ns.awaitOutcome("backend-ci-build-" + i, "Healed", Duration.ofSeconds(30));
    }
    Predicate<ApiCall> jobLists = c -> c.verb().equals("GET") && !c.watch() && c.path().equals("/apis/batch/v1/jobs");
    assertThat(k.cluster.requests().count(jobLists)).as("5 selected Jobs in pages of 2").isGreaterThanOrEqualTo(3);
    Predicate<ApiCall> podLists = c -> c.verb().equals("GET") && !c.watch() && c.path().equals("/api/v1/pods");
    assertThat(k.cluster.requests().count(podLists)).as("6 pods of Jobs in pages of 2").isGreaterThanOrEqualTo(3);

    assertThat(ns.incident("backend-ci-build-6")).as("not selected: not the healer's").isEmpty();
    assertThat(ns.retries("backend-ci-build-6")).isEmpty();
    assertThat(k.client.v1().events().inNamespace(ns.ns).list().getItems())
        .noneMatch(e -> "backend-ci-build-6".equals(e.getInvolvedObject().getName())
            && e.getSource() != null && Labels.EVENT_COMPONENT.equals(e.getSource().getComponent()));
  }
}
