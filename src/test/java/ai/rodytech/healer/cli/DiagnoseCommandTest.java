package ai.rodytech.healer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiagnoseCommandTest {
  static final String LOGS = "src/test/resources/logs/";
  static final String POLICIES = "src/test/resources/policies/";

  static JsonNode json(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return new ObjectMapper().readTree(run.out());
  }

  @Test
  void jsonHasExactlyTheDocumentedKeys() throws Exception {
    JsonNode json = json(CliRun.run("diagnose", LOGS + "gradle-test-failure.log", "--format", "json"));

    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("category", "strategy", "confidence", "summary", "evidence", "failingTests");
    assertThat(json.get("category").asText()).isEqualTo("genuine_failure");
    assertThat(json.get("strategy").asText()).isEqualTo("alert_human");
    assertThat(json.get("confidence").isNumber()).isTrue();
    assertThat(json.get("failingTests").get(0).asText())
        .isEqualTo("com.acme.search.QueryParserTest > parsesQuotedPhrases()");
    JsonNode evidence = json.get("evidence").get(0);
    List<String> evidenceKeys = new ArrayList<>();
    evidence.fieldNames().forEachRemaining(evidenceKeys::add);
    assertThat(evidenceKeys).containsExactlyInAnyOrder("line", "text");
    assertThat(evidence.get("line").asLong()).isPositive();
  }

  @Test
  void textShowsCategoryStrategySummaryAndNumberedEvidence() {
    CliRun run = CliRun.run("diagnose", LOGS + "node-heap-oom.log", "--exit-code", "134");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("category:   oom")
        .contains("strategy:   increase_memory")
        .contains("summary:    Node.js ran out of heap")
        .contains("line 12: FATAL ERROR: Ineffective mark-compacts near heap limit");
  }

  @Test
  void readsStandardInputWithDash() throws Exception {
    String log = Files.readString(Path.of(LOGS + "npm-econnreset.log"));

    JsonNode json = json(CliRun.runWithInput(log, "diagnose", "-", "--format", "json"));

    assertThat(json.get("category").asText()).isEqualTo("transient_infra");
    assertThat(json.get("evidence").get(0).get("line").asInt()).isEqualTo(4);
  }

  @Test
  void reasonAndExitCodeAreSignalsBeforeTheLog() throws Exception {
    JsonNode json = json(CliRun.run("diagnose", LOGS + "no-known-shape.log", "--reason", "OOMKilled",
        "--exit-code", "137", "--format", "json"));

    assertThat(json.get("category").asText()).isEqualTo("oom");
    assertThat(json.get("strategy").asText()).isEqualTo("increase_memory");
  }

  @Test
  void strategyThePolicyForbidsBecomesAlertHumanAndTheSummarySaysWhy() throws Exception {
    JsonNode json = json(CliRun.run("diagnose", LOGS + "npm-econnreset.log", "--policy",
        POLICIES + "memory-only.yaml", "--format", "json"));

    assertThat(json.get("category").asText()).isEqualTo("transient_infra");
    assertThat(json.get("strategy").asText()).isEqualTo("alert_human");
    assertThat(json.get("summary").asText())
        .contains("the policy does not allow retry_stage (allowed: increase_memory)");
  }

  @Test
  void strategyThePolicyAllowsIsKept() throws Exception {
    JsonNode json = json(CliRun.run("diagnose", LOGS + "npm-econnreset.log", "--policy",
        POLICIES + "retry-and-memory.yaml", "--format", "json"));

    assertThat(json.get("strategy").asText()).isEqualTo("retry_stage");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "unknown-strategy.yaml, 'is not valid: spec.allowedStrategies[0]: unknown strategy \"delete_database\"'",
    "bad-memory-ceiling.yaml, 'is not valid: spec.memory.ceiling: \"lots\" is not a memory quantity'",
    "missing.yaml, cannot read policy " + POLICIES + "missing.yaml"})
  void badPolicyIsAClearErrorWithExitCode2(String policy, String message) {
    CliRun run = CliRun.run("diagnose", LOGS + "npm-econnreset.log", "--policy", POLICIES + policy);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("healer diagnose: ").contains(message);
  }

  /** Issue 15 item 8, end to end: an OOM at the end of a one-line log of 600 KiB was "There is no log". */
  @Test
  void oomAtTheEndOfAnOverLongOneLineLogIsFound(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("one-line.log"),
        ".".repeat(600 * 1024) + "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");

    JsonNode json = json(CliRun.run("diagnose", log.toString(), "--format", "json"));

    assertThat(json.get("category").asText()).isEqualTo("oom");
    assertThat(json.get("summary").asText()).startsWith("Node.js ran out of heap");
  }

  @Test
  void aRulesBudgetOfZeroReadsNoLineAndSaysSo() {
    CliRun run = CliRun.run("diagnose", LOGS + "node-heap-oom.log", "--rules-budget", "0");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("category:   unknown").contains("time budget of 0 ms ran out");
  }

  @Test
  void missingLogFileIsExitCode2() {
    CliRun run = CliRun.run("diagnose", LOGS + "does-not-exist.log");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("does-not-exist.log is not a readable file");
  }

  @Test
  void userSignaturesComeFromTheSignaturesOption() throws Exception {
    Path dir = Files.createTempDirectory("signatures");
    Files.writeString(dir.resolve("vault.yaml"), """
        signatures:
          - name: vault-sealed
            category: transient_infra
            explanation: The secrets store was sealed for a moment
            patterns: ['Vault is sealed']
        """);
    Path log = Files.writeString(dir.resolve("build.log"), "fetching token\nError: Vault is sealed\n");

    JsonNode json = json(CliRun.run("diagnose", log.toString(), "--signatures", dir.toString(), "--format", "json"));

    assertThat(json.get("category").asText()).isEqualTo("transient_infra");
    assertThat(json.get("summary").asText()).startsWith("The secrets store was sealed for a moment (line 2)");
  }

  @Test
  void badSignatureFileIsExitCode2NamingTheSignature() throws Exception {
    Path file = Files.createTempFile("bad", ".yaml");
    Files.writeString(file, """
        signatures:
          - name: broken-one
            category: oom
            explanation: x
            patterns: ['(unclosed']
        """);

    CliRun run = CliRun.run("diagnose", LOGS + "npm-econnreset.log", "--signatures", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("signature 'broken-one' has an invalid pattern (unclosed");
  }
}
