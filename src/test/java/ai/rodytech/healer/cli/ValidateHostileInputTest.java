package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.rodytech.healer.api.PolicyFileReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `healer validate` against input that is too big, too long, or means something other than it seems (issue
 * 15, item 7): before, /dev/zero ended in an OutOfMemoryError with a stack trace, a 12 MB value took 56 s
 * and was echoed back whole, and an alias was read as its anchor's name.
 */
class ValidateHostileInputTest {
  private static final String SEED = """
      apiVersion: rodytech.ai/v1alpha1
      kind: PipelineRecoveryPolicy
      metadata:
        name: backend-build-healer
      spec:
        targetPipeline: "backend-ci-build"
        failureThreshold: 2
        allowedStrategies:
          - "retry_stage"
        safetyChecks:
          dryRun: true
          maxRetries: 3
      """;

  @TempDir Path dir;

  @Test
  void devZeroIsRefusedAfterAFewMegabytesWithoutAStackTrace() {
    assumeTrue(Files.isReadable(Path.of("/dev/zero")), "no /dev/zero here");

    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.run("validate", "/dev/zero"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip())
        .isEqualTo("healer validate: cannot read /dev/zero: it is larger than 4 MiB; a policy file is a few KB"
            + " (stopped reading there)");
  }

  @Test
  void aFiftyMegabyteStreamIsReadOnlyUpToTheLimit() {
    EndlessPolicy stdin = new EndlessPolicy(50L * 1024 * 1024);

    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.runWithInput(stdin, "validate", "-"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot read -: it is larger than 4 MiB").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(stdin.read).as("bytes read from the stream").isLessThanOrEqualTo(PolicyFileReader.MAX_BYTES + 64 * 1024);
  }

  @Test
  void aTwelveMegabyteValueIsRefusedAtOnce() throws IOException {
    Path file = dir.resolve("huge.yaml");
    Files.writeString(file, SEED.replace("\"backend-ci-build\"", "\"" + "a".repeat(12 * 1024 * 1024) + "\""));

    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.run("validate", file.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("it is larger than 4 MiB");
  }

  @Test
  void aLargeValueWithinTheLimitIsParsedInLinearTimeAndEchoedAsAShortPrefix() throws IOException {
    int length = PolicyFileReader.MAX_BYTES - 4096;
    Path file = dir.resolve("long-value.yaml");
    Files.writeString(file, SEED.replace("\"backend-ci-build\"", "\"" + "a".repeat(length) + "\""));

    // Quadratic before: a value of this size took several seconds, 12 MB took 56 s.
    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CliRun.run("validate", file.toString()));

    assertThat(run.outLines()).containsExactly(
        "spec.targetPipeline: \"" + "a".repeat(40) + "...\" (" + length + " characters) is not a valid label value: at"
            + " most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void aLongUnknownKeyIsNamedByItsPrefix() throws IOException {
    Path file = dir.resolve("long-key.yaml");
    // An explicit key ("? key"): YAML limits implicit keys to 1024 characters.
    Files.writeString(file, SEED.replace("failureThreshold: 2", "failureThreshold: 2\n  ? " + "k".repeat(1_000_000) + "\n  : 1"));

    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CliRun.run("validate", file.toString()));

    assertThat(run.outLines()).hasSize(1);
    assertThat(run.outLines().get(0)).startsWith("spec." + "k".repeat(40) + "...: unknown field; known fields:").hasSizeLessThan(300);
  }

  @Test
  void anAliasMeansTheAnchoredValueAsInTheCluster() {
    CliRun run = CliRun.run("validate", fixture("policies/alias-target.yaml").toString());

    // Read as the anchor's name, the file seemed to target backend-ci-build in shadow mode.
    assertThat(run.outLines())
        .containsExactly("OK: PipelineRecoveryPolicy backend-build-healer is valid (targets nightly-deploy)");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void aKeySetTwiceIsRefusedAndNamed() throws IOException {
    Path file = dir.resolve("twice.yaml");
    Files.writeString(file, SEED.replace("  failureThreshold: 2\n", "  mode: shadow\n  failureThreshold: 2\n  mode: enforce\n"));

    CliRun run = CliRun.run("validate", file.toString());

    assertThat(run.outLines())
        .containsExactly("spec.mode: set twice (lines 7 and 9); the API server refuses a duplicate key");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void anAliasBombIsRefusedQuickly() throws IOException {
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 9; i++) {
      String previous = "*a" + (i - 1);
      bomb.append("a").append(i).append(": &a").append(i).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(10, previous))).append("]\n");
    }
    Path file = dir.resolve("bomb.yaml");
    Files.writeString(file, SEED + bomb);

    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.run("validate", file.toString()));

    assertThat(run.outLines()).singleElement().asString().endsWith(": document contains excessive aliasing");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  private static Path fixture(String name) {
    try {
      return Path.of(Objects.requireNonNull(ValidateHostileInputTest.class.getClassLoader().getResource(name), name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A policy followed by an endless comment, counting what was read. */
  private static final class EndlessPolicy extends InputStream {
    private final long length;
    private final byte[] head = SEED.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long read;

    EndlessPolicy(long length) {
      this.length = length;
    }

    @Override
    public int read() {
      if (read >= length) {
        return -1;
      }
      int b = read < head.length ? head[(int) read] : (read == head.length ? '#' : 'x');
      read++;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
      int n = 0;
      while (n < count) {
        int b = read();
        if (b < 0) {
          return n == 0 ? -1 : n;
        }
        buffer[offset + n++] = (byte) b;
      }
      return n;
    }
  }
}
