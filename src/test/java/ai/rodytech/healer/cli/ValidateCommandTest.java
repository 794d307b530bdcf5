package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** `healer validate` through the real CLI entry point: the article's policy, and one mutation per case. */
class ValidateCommandTest {
  private static final String SEED = resource("policies/seed.yaml");
  private static final String OK_SEED = "OK: PipelineRecoveryPolicy backend-build-healer is valid (targets backend-ci-build)";

  @TempDir Path dir;

  @Test
  void theArticlesPolicyIsValid() {
    CliRun run = CliRun.run("validate", fixture("policies/seed.yaml").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactly(OK_SEED);
    assertThat(run.err()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFiles")
  void validFilesPass(String file) {
    CliRun run = CliRun.run("validate", fixture(file).toString());

    assertThat(run.out()).startsWith("OK: ");
    assertThat(run.exitCode()).isZero();
  }

  static Stream<String> validFiles() {
    return Stream.of("policies/seed.json", "policies/full.yaml");
  }

  /** One mutation of the seed per case: text replaced, and the one line validate must print for it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void eachMutationIsReportedOnOneLine(String name, String from, String to, List<String> expected) throws IOException {
    assertThat(SEED).contains(from);
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, SEED.replace(from, to));

    CliRun run = CliRun.run("validate", file.toString());

    assertThat(run.outLines()).containsExactlyElementsOf(expected);
    assertThat(run.exitCode()).isEqualTo(1);
  }

  static Stream<Arguments> mutations() {
    String strategies = "retry_stage, increase_memory, patch_dependency_version";
    return Stream.of(
        mutation("threshold zero", "failureThreshold: 2", "failureThreshold: 0", "spec.failureThreshold: must be >= 1"),
        mutation("threshold word", "failureThreshold: 2", "failureThreshold: two", "spec.failureThreshold: must be an integer"),
        mutation("threshold quoted", "failureThreshold: 2", "failureThreshold: \"2\"", "spec.failureThreshold: must be an integer"),
        mutation("threshold fraction", "failureThreshold: 2", "failureThreshold: 2.5", "spec.failureThreshold: must be an integer"),
        mutation("threshold huge", "failureThreshold: 2", "failureThreshold: 99999999999", "spec.failureThreshold: must be at most 2147483647"),
        mutation(
            "unknown strategy",
            "- \"increase_memory\"",
            "- \"delete_db\"",
            "spec.allowedStrategies[1]: unknown strategy \"delete_db\"; allowed: " + strategies),
        mutation(
            "strategy twice",
            "- \"patch_dependency_version\"",
            "- \"retry_stage\"",
            "spec.allowedStrategies[2]: \"retry_stage\" is listed twice"),
        mutation(
            "strategies not a list",
            "allowedStrategies:\n    - \"retry_stage\"\n    - \"increase_memory\"\n    - \"patch_dependency_version\"",
            "allowedStrategies: retry_stage",
            "spec.allowedStrategies: must be a list"),
        mutation("target missing", "  targetPipeline: \"backend-ci-build\"\n", "", "spec.targetPipeline: required"),
        mutation("target empty", "\"backend-ci-build\"", "\"\"", "spec.targetPipeline: must not be blank"),
        mutation(
            "target not a label value",
            "\"backend-ci-build\"",
            "\"backend ci build\"",
            "spec.targetPipeline: \"backend ci build\" is not a valid label value: at most 63 letters, digits, '-',"
                + " '_' or '.', starting and ending with a letter or digit"),
        mutation("target a number", "\"backend-ci-build\"", "42", "spec.targetPipeline: must be a string"),
        mutation("retries negative", "maxRetries: 3", "maxRetries: -1", "spec.safetyChecks.maxRetries: must be >= 0"),
        mutation(
            "retries misspelt",
            "maxRetries: 3",
            "maxRetry: 3",
            "spec.safetyChecks.maxRetry: unknown field; did you mean \"maxRetries\"?"),
        mutation("dry run quoted", "dryRun: true", "dryRun: \"true\"", "spec.safetyChecks.dryRun: must be true or false"),
        mutation("diff lines zero", "maxRetries: 3", "maxRetries: 3\n    maxDiffLines: 0", "spec.safetyChecks.maxDiffLines: must be >= 1"),
        mutation("diff lines too many", "maxRetries: 3", "maxRetries: 3\n    maxDiffLines: 501", "spec.safetyChecks.maxDiffLines: must be <= 500"),
        mutation(
            "cooldown negative",
            "maxRetries: 3",
            "maxRetries: 3\n    cooldownSeconds: -5",
            "spec.safetyChecks.cooldownSeconds: must be >= 0"),
        mutation(
            "safety checks not an object",
            "safetyChecks:\n    dryRun: true\n    maxRetries: 3",
            "safetyChecks: true",
            "spec.safetyChecks: must be an object (key: value pairs)"),
        mutation(
            "initial memory above ceiling",
            "maxRetries: 3",
            "maxRetries: 3\n  memory:\n    ceiling: 2Gi\n    initialLimit: 4Gi",
            "spec.memory.initialLimit: must not be above the ceiling (4Gi > 2Gi)"),
        mutation(
            "initial memory above default ceiling",
            "maxRetries: 3",
            "maxRetries: 3\n  memory:\n    initialLimit: 16Gi",
            "spec.memory.initialLimit: must not be above the ceiling (16Gi > 8Gi)"),
        mutation(
            "ceiling not a quantity",
            "maxRetries: 3",
            "maxRetries: 3\n  memory:\n    ceiling: 8GB",
            "spec.memory.ceiling: \"8GB\" is not a memory quantity (e.g. 512Mi, 2Gi)"),
        mutation(
            "version pin not an env var",
            "maxRetries: 3",
            "maxRetries: 3\n  versionPins: [NODE_VERSION, node-version]",
            "spec.versionPins[1]: \"node-version\" is not an environment variable name (letters, digits and '_', not"
                + " starting with a digit)"),
        mutation(
            "alert channels without secret",
            "maxRetries: 3",
            "maxRetries: 3\n  alerts:\n    channels: [slack]",
            "spec.alerts.secretName: required"),
        mutation(
            "unknown alert channel",
            "maxRetries: 3",
            "maxRetries: 3\n  alerts:\n    secretName: ci-alerts\n    channels: [email]",
            "spec.alerts.channels[0]: unknown channel \"email\"; allowed: slack, pagerduty, webhook"),
        mutation(
            "alert secret not a name",
            "maxRetries: 3",
            "maxRetries: 3\n  alerts:\n    secretName: CI_Alerts",
            "spec.alerts.secretName: \"CI_Alerts\" is not a valid Secret name (lower-case letters, digits, '-' and '.')"),
        mutation("unknown mode", "maxRetries: 3", "maxRetries: 3\n  mode: dry", "spec.mode: unknown mode \"dry\"; allowed: enforce, shadow"),
        mutation(
            "unknown approval",
            "maxRetries: 3",
            "maxRetries: 3\n  approval: maybe",
            "spec.approval: unknown approval \"maybe\"; allowed: none, required"),
        mutation(
            "unknown brain", "maxRetries: 3", "maxRetries: 3\n  brain: gpt", "spec.brain: unknown brain \"gpt\"; allowed: rules, llm, hybrid"),
        mutation(
            "unknown spec field",
            "maxRetries: 3",
            "maxRetries: 3\n  colour: blue",
            "spec.colour: unknown field; known fields: alerts, allowedStrategies, approval, brain, failureThreshold,"
                + " history, memory, mode, safetyChecks, targetPipeline, versionPins"),
        mutation(
            "wrong api version",
            "rodytech.ai/v1alpha1",
            "rodytech.ai/v1",
            "apiVersion: must be rodytech.ai/v1alpha1, not \"rodytech.ai/v1\""),
        mutation(
            "wrong kind",
            "kind: PipelineRecoveryPolicy",
            "kind: Deployment",
            "kind: must be PipelineRecoveryPolicy, not \"Deployment\""),
        mutation(
            "name not a name",
            "name: backend-build-healer",
            "name: Backend_Healer",
            "metadata.name: \"Backend_Healer\" is not a valid name: lower-case letters, digits, '-' and '.', starting"
                + " and ending with a letter or digit"),
        mutation("name missing", "  name: backend-build-healer\n", "  labels: {team: backend}\n", "metadata.name: required"),
        Arguments.of(
            "spec misspelt",
            "spec:",
            "specs:",
            List.of("spec: required", "specs: unknown field; did you mean \"spec\"?")));
  }

  @Test
  void statusInAFileIsIgnored() throws IOException {
    Path file = dir.resolve("with-status.yaml");
    Files.writeString(file, SEED + "status:\n  healsSucceeded: 9\n  lastOutcome: [not, a, string]\n");

    CliRun run = CliRun.run("validate", file.toString());

    assertThat(run.outLines()).containsExactly(OK_SEED);
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void everyProblemOfAFileIsReportedInFileOrder() {
    CliRun run = CliRun.run("validate", fixture("policies/many-problems.yaml").toString());

    assertThat(run.outLines()).containsExactlyElementsOf(resource("policies/many-problems.expected").lines().toList());
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void severalDocumentsAreNamedByNumberAndName() {
    CliRun run = CliRun.run("validate", fixture("policies/two-policies.yaml").toString());

    assertThat(run.outLines())
        .containsExactly(
            "[2:nightly-healer] spec.failureThreshold: must be >= 1",
            "[2:nightly-healer] spec.allowedStrategies[1]: unknown strategy \"rollback\"; allowed: retry_stage,"
                + " increase_memory, patch_dependency_version");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void severalValidDocumentsGiveOneOkLine() {
    String two = SEED + "---\n" + SEED.replace("backend-build-healer", "other-healer").replace("backend-ci-build", "other-ci");

    CliRun run = CliRun.runWithInput(two, "validate", "-");

    assertThat(run.outLines())
        .containsExactly("OK: 2 PipelineRecoveryPolicy documents are valid: backend-build-healer, other-healer");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void brokenYamlSaysWhere() {
    Path file = fixture("policies/broken-yaml.yaml");

    CliRun run = CliRun.run("validate", file.toString());

    assertThat(run.outLines()).hasSize(1);
    assertThat(run.outLines().get(0)).startsWith(file + ": not valid YAML or JSON: ").contains("(line 8, column");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void textThatIsNotAPolicyAtAll() {
    Path file = fixture("policies/not-a-policy.txt");

    CliRun run = CliRun.run("validate", file.toString());

    assertThat(run.outLines())
        .containsExactly(
            file + ": not a PipelineRecoveryPolicy: expected a mapping with apiVersion, kind, metadata and spec,"
                + " found plain text");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void anEmptyFileIsNotValid() {
    Path file = fixture("policies/empty.yaml");

    CliRun run = CliRun.run("validate", file.toString());

    assertThat(run.outLines()).containsExactly(file + ": no document found: the file is empty");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void aMissingFileIsAnErrorOnStderr() {
    CliRun run = CliRun.run("validate", dir.resolve("nope.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("cannot read").contains("nope.yaml").contains("no such file");
  }

  @Test
  void readsStandardInput() {
    CliRun run = CliRun.runWithInput(SEED.replace("maxRetries: 3", "maxRetries: -2"), "validate", "-");

    assertThat(run.outLines()).containsExactly("spec.safetyChecks.maxRetries: must be >= 0");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void withoutAFileItPrintsUsage() {
    CliRun run = CliRun.run("validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'FILE'").contains("Usage: healer validate");
  }

  private static Arguments mutation(String name, String from, String to, String expected) {
    return Arguments.of(name, from, to, List.of(expected));
  }

  private static Path fixture(String name) {
    try {
      return Path.of(Objects.requireNonNull(ValidateCommandTest.class.getClassLoader().getResource(name), name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = Objects.requireNonNull(ValidateCommandTest.class.getClassLoader().getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
