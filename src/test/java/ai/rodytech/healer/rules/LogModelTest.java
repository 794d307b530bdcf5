package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log's structure decides where evidence counts: steps, retries, warnings, what came after an error. */
class LogModelTest {
  static final SignatureCatalog CATALOG = SignatureCatalog.builtIn();
  static final RulesBrain BRAIN = new RulesBrain(CATALOG, Redactor.none());

  static List<LogLine> lines(String... raw) {
    List<LogLine> lines = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      lines.add(LogLine.of(i + 1, raw[i]));
    }
    return lines;
  }

  static LogModel model(List<LogLine> lines) {
    return new LogModel(new LogScanner(CATALOG).scan(lines), lines);
  }

  static Diagnosis diagnose(String... raw) {
    return BRAIN.diagnose(FailureSnapshot.ofLog(LogTail.of(String.join("\n", raw) + "\n"), 1, null),
        BrainContext.permissive());
  }

  @Test
  void stepsComeFromCiHeadersAndShellEchoesAndTheFailingStepFromTheStepEnd() {
    LogModel model = model(lines(
        "##[group]Run npm ci",          // 0: step 1
        "npm WARN deprecated x",        // 1
        "##[group]Run npm test",        // 2: step 2
        "+ jest --ci",                  // 3: step 3
        "Tests: 1 failed",              // 4
        "##[error]Process completed with exit code 1.", // 5: failure point
        "Post job cleanup."));          // 6

    assertThat(model.failurePoint()).isEqualTo(5);
    assertThat(model.inEarlierStep(1)).isTrue();
    assertThat(model.inEarlierStep(3)).isFalse();
    assertThat(model.sameStep(3, 5)).isTrue();
    assertThat(model.sameStep(1, 3)).isFalse();
    assertThat(model.warning(1)).isTrue();
  }

  @Test
  void retryMarkersFollowingAnErrorMarkItRetried() {
    LogModel model = model(lines(
        "error: RPC failed; curl 56 GnuTLS recv error (-54)",
        "The command \"git fetch\" failed. Retrying, 2 of 3.",
        "Receiving objects: 100% (10/10), done.",
        "fatal: the remote end hung up unexpectedly"));

    assertThat(model.retried(0)).isTrue();
    assertThat(model.retried(3)).as("nothing retries the last attempt").isFalse();
  }

  @Test
  void aRecoveredNetworkErrorLosesToTheGenuineErrorAfterIt() {
    Diagnosis diagnosis = diagnose(
        "[INFO] Downloading from central: https://repo.maven.apache.org/maven2/a/b/1.0/b-1.0.jar",
        "[INFO] I/O exception (java.net.SocketException) caught when processing request: Connection reset by peer",
        "[INFO] Retrying request to {s}->https://repo.maven.apache.org:443",
        "[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/a/b/1.0/b-1.0.jar (1 kB)",
        "[ERROR] /src/main/java/a/B.java:[3,8] cannot find symbol",
        "[INFO] BUILD FAILURE");

    assertThat(diagnosis.category()).isEqualTo(Category.GENUINE_FAILURE);
    assertThat(diagnosis.notes()).anyMatch(n -> n.contains("only supports transient_infra: it was retried"));
  }

  @Test
  void aNetworkErrorInAStepThatWentOnOnlySupports() {
    Diagnosis diagnosis = diagnose(
        "$ sudo apt-get update",
        "Err:2 http://archive.ubuntu.com/ubuntu jammy-updates InRelease",
        "  Could not connect to archive.ubuntu.com:80 (185.125.190.36), connection timed out",
        "Get:3 http://security.ubuntu.com/ubuntu jammy-security InRelease [110 kB]",
        "$ make test",
        "Running 12 checks",
        "The command \"make test\" exited with 2.");

    assertThat(diagnosis.action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(diagnosis.notes()).anyMatch(n -> n.contains("its step went on and a later step ran"));
  }

  @Test
  void aWarnedNetworkErrorOnlySupportsButAFinalOneDecides() {
    Diagnosis warned = diagnose(
        "npm WARN registry Unexpected warning for https://registry.npmjs.org/: Miscellaneous Warning ECONNRESET",
        "added 120 packages in 9s",
        "Error: expected 3 to equal 4",
        "npm ERR! Test failed.  See above for more details.");
    Diagnosis failed = diagnose(
        "npm WARN retry will retry, error on last attempt: Error: socket hang up",
        "npm ERR! code ECONNRESET",
        "npm ERR! network request to https://registry.npmjs.org/x failed, reason: read ECONNRESET");

    assertThat(warned.action()).isEqualTo(Action.ALERT_HUMAN);
    assertThat(failed.category()).isEqualTo(Category.TRANSIENT_INFRA);
    assertThat(failed.action()).isEqualTo(Action.RETRY_STAGE);
  }

  @Test
  void aLoopbackConnectionErrorIsTheCodeUnderTestNotTheNetwork() {
    Diagnosis diagnosis = diagnose(
        "=== RUN   TestStore",
        "    store_test.go:31: dial tcp 127.0.0.1:5432: connect: connection refused",
        "--- FAIL: TestStore (0.01s)",
        "FAIL");

    assertThat(diagnosis.category()).isEqualTo(Category.GENUINE_FAILURE);
    assertThat(diagnosis.signatures()).containsExactly("go-test-failure");
  }
}
