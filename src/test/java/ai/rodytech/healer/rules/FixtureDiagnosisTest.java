package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One fixture log per row, in a real tool's format: the category and strategy the rules brain must choose. */
class FixtureDiagnosisTest {
  static final Path LOGS = Path.of("src/test/resources/logs");
  static final RulesBrain BRAIN = new RulesBrain(SignatureCatalog.builtIn(), Redactor.none());

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(nullValues = "-", textBlock = """
      # fixture                                        exit  category            strategy
      maven-surefire-flakes.log,                        1,    flaky_test,         retry_stage
      maven-compile-error-after-recovered-network.log,  1,    genuine_failure,    alert_human
      maven-dependency-missing.log,                     1,    dependency_version, patch_dependency_version
      maven-surefire-assertion.log,                     1,    genuine_failure,    alert_human
      gradle-test-failure.log,                          1,    genuine_failure,    alert_human
      gradle-heap-oom.log,                              1,    oom,                increase_memory
      npm-econnreset.log,                               1,    transient_infra,    retry_stage
      yarn-registry-503.log,                            1,    transient_infra,    retry_stage
      pnpm-no-matching-version.log,                     1,    dependency_version, patch_dependency_version
      jest-assertion.log,                               1,    genuine_failure,    alert_human
      jest-test-timeout.log,                            1,    flaky_test,         retry_stage
      node-heap-oom.log,                                134,  oom,                increase_memory
      pip-no-matching-distribution.log,                 1,    dependency_version, patch_dependency_version
      pip-read-timeout.log,                             2,    transient_infra,    retry_stage
      poetry-solver-failure.log,                        1,    dependency_version, patch_dependency_version
      pytest-rerun.log,                                 1,    flaky_test,         retry_stage
      pytest-assertion.log,                             1,    genuine_failure,    alert_human
      python-memory-error.log,                          1,    oom,                increase_memory
      go-test-data-race.log,                            1,    flaky_test,         retry_stage
      go-test-fail.log,                                 1,    genuine_failure,    alert_human
      go-mod-download-reset.log,                        1,    transient_infra,    retry_stage
      go-tls-handshake-timeout.log,                     1,    transient_infra,    retry_stage
      cargo-test-failed.log,                            101,  genuine_failure,    alert_human
      cargo-registry-compile-error.log,                 101,  dependency_version, patch_dependency_version
      cargo-network.log,                                101,  transient_infra,    retry_stage
      docker-pull-rate-limit.log,                       1,    transient_infra,    retry_stage
      docker-build-exit-137.log,                        1,    oom,                increase_memory
      apt-hash-sum-mismatch.log,                        100,  transient_infra,    retry_stage
      apt-package-missing.log,                          100,  dependency_version, patch_dependency_version
      git-clone-503.log,                                128,  transient_infra,    retry_stage
      git-branch-gone.log,                              128,  unknown,            alert_human
      kubectl-unable-to-connect.log,                    1,    transient_infra,    retry_stage
      helm-upgrade-timeout.log,                         1,    timeout,            retry_stage
      kernel-oom-killer.log,                            2,    oom,                increase_memory
      jvm-cannot-allocate.log,                          1,    oom,                increase_memory
      disk-full-docker.log,                             1,    disk_full,          retry_stage
      disk-full-gradle.log,                             1,    disk_full,          retry_stage
      github-actions-timeout.log,                       -,    timeout,            retry_stage
      gitlab-job-timeout.log,                           -,    timeout,            retry_stage
      travis-no-output.log,                             -,    timeout,            retry_stage
      jenkins-agent-lost.log,                           -,    transient_infra,    retry_stage
      lint-eslint.log,                                  1,    genuine_failure,    alert_human
      lint-flake8.log,                                  1,    genuine_failure,    alert_human
      tsc-compile-error.log,                            2,    genuine_failure,    alert_human
      dependabot-bump-compile-error.log,                1,    dependency_version, patch_dependency_version
      no-known-shape.log,                               1,    unknown,            alert_human
      """)
  void diagnosesFixture(String fixture, Integer exitCode, String category, String strategy) throws Exception {
    Path file = LOGS.resolve(fixture);
    Diagnosis diagnosis = BRAIN.diagnose(
        FailureSnapshot.ofLog(new LogTailReader().read(file), exitCode, null), BrainContext.permissive());

    assertThat(diagnosis.category().wireName()).as(diagnosis.summary()).isEqualTo(category);
    assertThat(diagnosis.action().wireName()).as(diagnosis.notes().toString()).isEqualTo(strategy);
    assertThat(diagnosis.summary()).isNotBlank();
    assertEvidenceQuotesTheLog(diagnosis, Files.readAllLines(file));
  }

  /** Every evidence line number points at the line whose text it shows. */
  static void assertEvidenceQuotesTheLog(Diagnosis diagnosis, List<String> lines) {
    for (Evidence evidence : diagnosis.evidence()) {
      if (evidence.line() > 0) {
        String line = LogLine.clean(lines.get((int) evidence.line() - 1)).strip();
        assertThat(line).as("line %d", evidence.line()).startsWith(evidence.text().replace("…", ""));
      }
    }
  }

  static LogTail tail(String fixture) throws Exception {
    return new LogTailReader().read(LOGS.resolve(fixture));
  }
}
