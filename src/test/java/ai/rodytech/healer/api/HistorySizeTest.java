package ai.rodytech.healer.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.history.Decision;
import ai.rodytech.healer.core.history.FinishedRun;
import ai.rodytech.healer.core.history.HistoryView;
import ai.rodytech.healer.core.history.Ledger;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stored history of a pipeline with 10,000 runs stays under 100 KB (the API server refuses objects over about
 * 1.5 MB), for a busy realistic pipeline and for one built to be as large as the ledger allows.
 */
class HistorySizeTest {
  static final int LIMIT = 100 * 1024;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void aRealisticPipelineWithTenThousandRuns() {
    Random random = new Random(11);
    Ledger ledger = new Ledger("ci", "backend-ci-build");
    List<String> tests = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      tests.add("com.example.backend.module" + (i % 17) + ".Service" + i + "IT.shouldHandleCase" + (i % 9));
    }
    for (int i = 0; i < 10_000; i++) {
      String revision = String.format("%040x", (i / 3) * 104729L);
      boolean failed = random.nextInt(5) == 0;
      FinishedRun.Builder run = run(i, revision).succeeded(!failed);
      if (failed) {
        List<String> failing = new ArrayList<>();
        for (int t = random.nextInt(3) + 1; t > 0; t--) {
          failing.add(tests.get(random.nextInt(tests.size())));
        }
        run.failingTests(failing).decision(new Decision(List.of("category:" + (i % 2 == 0 ? "flaky_test" : "genuine_failure")),
            i % 2 == 0 ? "retry_stage" : "alert_human"));
      }
      if (i % 7 == 0) {
        run.lineage("backend-ci-build-" + (i - 1), 1)
            .chosenBy(new Decision(List.of("category:signature-" + (i % 13)), "retry_stage"));
      }
      ledger.record(run.build());
    }

    int bytes = storedBytes(ledger.view());
    System.out.printf("history of 10,000 realistic runs: %,d bytes (%d runs kept, %d tests with evidence, %d track"
        + " records)%n", bytes, ledger.view().runs().size(), ledger.view().tests().size(),
        ledger.view().trackRecords().size());
    assertThat(bytes).isLessThan(LIMIT);
    assertThat(ledger.view().runs()).hasSize(Ledger.MAX_RUNS);
    assertThat(ledger.view().runsRecorded()).isEqualTo(10_000);
  }

  @Test
  void aPipelineBuiltToBeAsLargeAsTheLedgerAllows() {
    // 10,000 runs: each failure has the most and longest test names kept and is followed by a pass of its commit.
    Ledger ledger = new Ledger("ci", "p".repeat(63));
    // Names just under the longest kept, so that every one is distinct.
    String longName = "com.example.payments.webhooks.integration.".repeat(4);
    for (int i = 0; i < 5_000; i++) {
      String revision = ("r" + i + "-").repeat(64).substring(0, 128);
      List<String> failing = new ArrayList<>();
      for (int t = 0; t < Ledger.MAX_TESTS_PER_RUN; t++) {
        failing.add(longName + "Test" + t + "x" + (i % 997));
      }
      List<String> signatures = List.of("s".repeat(100) + (i % 97), "t".repeat(100), "u".repeat(100));
      FinishedRun.Builder first = run(i * 2, revision).succeeded(false).failingTests(failing)
          .decision(new Decision(signatures, "patch_dependency_version"))
          .lineage("x".repeat(63), 3).chosenBy(new Decision(signatures, "patch_dependency_version"));
      ledger.record(first.build());
      ledger.record(run(i * 2 + 1, revision).succeeded(true).imageDigests(Map.of("build", "sha256:" + i)).build());
    }

    int bytes = storedBytes(ledger.view());
    System.out.printf("history built to be as large as allowed: %,d bytes (%d runs kept, %d tests with evidence,"
        + " %d track records)%n", bytes, ledger.view().runs().size(), ledger.view().tests().size(),
        ledger.view().trackRecords().size());
    assertThat(bytes).isLessThan(LIMIT);
    assertThat(ledger.view().runs()).isNotEmpty();
  }

  @Test
  void theStoredFormReadsBackAsTheSameView() {
    Ledger ledger = new Ledger("ci", "backend-ci-build");
    ledger.record(run(1, "abc1234").succeeded(false).failingTests(List.of("ItA.works", "ItB.works"))
        .imageDigests(Map.of("build", "sha256:" + "a".repeat(64))).decision(new Decision(List.of("category:genuine_failure"), "alert_human")).build());
    ledger.record(run(2, "abc1234").succeeded(true).imageDigests(Map.of("build", "sha256:" + "a".repeat(64))).build());
    ledger.record(run(3, "def5678").succeeded(true).lineage("backend-ci-build-2", 1)
        .chosenBy(new Decision(List.of("category:flaky_test"), "retry_stage")).build());
    HistoryView view = ledger.view();

    PipelineHistory stored = SERIALIZATION.unmarshal(SERIALIZATION.asJson(resource(view)), PipelineHistory.class);

    assertThat(HistoryStatusMapper.toView("ci", "backend-ci-build", stored.getStatus())).isEqualTo(view);
    assertThat(stored.getStatus().consecutiveFailures).isZero();
    assertThat(stored.getStatus().testsWithEvidence).isEqualTo(2);
  }

  @Test
  void namesAreDnsSafeAndDistinct() {
    assertThat(PipelineHistory.nameFor("backend-ci-build")).isEqualTo("backend-ci-build");
    assertThat(PipelineHistory.nameFor("Backend_CI.build")).matches("backend-ci-build-[0-9a-f]{8}");
    assertThat(PipelineHistory.nameFor("backend_ci_build")).isNotEqualTo(PipelineHistory.nameFor("backend.ci.build"));
    assertThat(PipelineHistory.nameFor("A".repeat(63))).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9-]+");
  }

  private static FinishedRun.Builder run(int i, String revision) {
    return FinishedRun.builder("ci", "backend-ci-build", "backend-ci-build-" + i, java.util.UUID.nameUUIDFromBytes(
        Integer.toString(i).getBytes(StandardCharsets.UTF_8)).toString())
        .finished(START.plus(Duration.ofMinutes(i))).revision(revision);
  }

  static PipelineHistory resource(HistoryView view) {
    PipelineHistory history = new PipelineHistory();
    history.setMetadata(new ObjectMetaBuilder().withName(PipelineHistory.nameFor(view.pipeline()))
        .withNamespace(view.namespace()).withResourceVersion("123456").withUid("0f6c3f0e-3b1a-4f7e-9a53-1f0c2b3d4e5f")
        .withCreationTimestamp("2025-01-01T00:00:00Z").build());
    history.setSpec(new HistorySpec(view.pipeline()));
    history.setStatus(HistoryStatusMapper.toStatus(view));
    return history;
  }

  private static int storedBytes(HistoryView view) {
    return SERIALIZATION.asJson(resource(view)).getBytes(StandardCharsets.UTF_8).length;
  }
}
