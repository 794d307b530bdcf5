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

/**
 * Over src/test/resources/eval-cases, nine cases whose outcomes are known (see each case.json's note):
 * right: oom-killed, network-reset, compile-error, pinned-version-gone, disk-full, nothing-to-see,
 * genuine-ending-in-network-error (the reset is on the test's own loopback connection, no network trouble);
 * wrong: flaky-without-a-trace (decided genuine), dead-repository (decided transient, but its DNS error is a
 * Maven warning, so it only supports and a person is asked: no heal).
 */
class EvalCommandTest {
  static final String CASES = "src/test/resources/eval-cases";

  @Test
  void headlineFiguresMatchTheHandCount() throws Exception {
    JsonNode json = runJson();

    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys.subList(0, 5))
        .containsExactly("cases", "categoryAccuracy", "healPrecision", "falseHealRate", "healableRecall");
    assertThat(json.get("cases").asInt()).isEqualTo(9);
    // 7 of 9 categories right.
    assertThat(json.get("categoryAccuracy").asDouble()).isEqualTo(0.778);
    // 4 heals (oom, network, pinned, disk), all with the right action.
    assertThat(json.get("healPrecision").asDouble()).isEqualTo(1.0);
    // 2 genuine cases, none healed.
    assertThat(json.get("falseHealRate").asDouble()).isEqualTo(0.0);
    // 6 healable cases (oom, transient, flaky, 2 dependency, disk), 4 given their action.
    assertThat(json.get("healableRecall").asDouble()).isEqualTo(0.667);
  }

  @Test
  void baselinesAreScoredOnTheSameCases() throws Exception {
    JsonNode baselines = runJson().get("baselines");

    JsonNode all = baselines.get("retryEverything");
    assertThat(all.get("categoryAccuracy").asDouble()).isEqualTo(0.111);
    assertThat(all.get("healPrecision").asDouble()).isEqualTo(0.333);
    assertThat(all.get("falseHealRate").asDouble()).isEqualTo(1.0);
    assertThat(all.get("healableRecall").asDouble()).isEqualTo(0.5);
    // Network strings in: network-reset, genuine-ending-in-network-error, dead-repository.
    JsonNode network = baselines.get("retryOnNetworkString");
    assertThat(network.get("categoryAccuracy").asDouble()).isEqualTo(0.222);
    assertThat(network.get("healPrecision").asDouble()).isEqualTo(0.333);
    assertThat(network.get("falseHealRate").asDouble()).isEqualTo(0.5);
    assertThat(network.get("healableRecall").asDouble()).isEqualTo(0.167);
  }

  @Test
  void perCategoryPrecisionRecallAndConfusionMatrix() throws Exception {
    JsonNode json = runJson();

    JsonNode transientRow = json.get("perCategory").get("transient_infra");
    assertThat(transientRow.get("precision").asDouble()).isEqualTo(0.5);
    assertThat(transientRow.get("recall").asDouble()).isEqualTo(1.0);
    assertThat(json.get("perCategory").get("dependency_version").get("recall").asDouble()).isEqualTo(0.5);
    assertThat(json.get("perCategory").get("timeout").get("recall").isNull()).isTrue();
    JsonNode confusion = json.get("confusionMatrix");
    assertThat(confusion.get("flaky_test").get("genuine_failure").asInt()).isEqualTo(1);
    assertThat(confusion.get("genuine_failure").get("transient_infra").asInt()).isZero();
    assertThat(confusion.get("dependency_version").get("transient_infra").asInt()).isEqualTo(1);
    assertThat(confusion.get("oom").get("oom").asInt()).isEqualTo(1);
  }

  @Test
  void textReportShowsFiguresBaselinesMatrixAndMisses() {
    CliRun run = CliRun.run("eval", CASES, "--misses");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Evaluated 9 cases with the rules brain.")
        .containsPattern("healPrecision\\s+1\\.000\\s+0\\.333\\s+0\\.333")
        .contains("Confusion matrix (rows: label, columns: decided)")
        .containsPattern("dead-repository\\s+dependency_version\\s+-> transient_infra\\s+alert_human\\s+dns-resolution-failure")
        .doesNotContain("genuine-ending-in-network-error");
  }

  @Test
  void viewsAndPerturbationsAreAddedWithoutChangingTheHeadlineKeys() throws Exception {
    CliRun run = CliRun.run("eval", CASES, "--format", "json", "--by-project", "--by-signature",
        "--perturb", "format,hiccup");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());

    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).startsWith("cases", "categoryAccuracy", "healPrecision", "falseHealRate", "healableRecall")
        .contains("perturbed", "byProject", "bySignature");
    assertThat(json.get("perturbed").get("format").get("categoryAccuracy").isNumber()).isTrue();
    assertThat(json.get("perturbed").get("hiccup").has("falseHealRate")).isTrue();
    assertThat(json.get("byProject").get("projects").asInt()).isEqualTo(9);
    assertThat(json.get("bySignature").size()).isPositive();

    CliRun text = CliRun.run("eval", CASES, "--perturb", "format", "--by-project");
    assertThat(text.out()).containsPattern("rules\\s+\\+format\\s+retry everything").contains("Per project (9 projects");
  }

  @Test
  void unknownPerturbationIsExitCode2() {
    CliRun run = CliRun.run("eval", CASES, "--perturb", "shuffle");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown perturbation 'shuffle'");
  }

  @Test
  void folderWithoutCasesIsExitCode2(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("empty-case"));

    CliRun run = CliRun.run("eval", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no cases in");
  }

  @Test
  void unknownLabelNamesTheCase(@TempDir Path dir) throws Exception {
    Path bad = Files.createDirectories(dir.resolve("weird"));
    Files.writeString(bad.resolve("build.log"), "x\n");
    Files.writeString(bad.resolve("case.json"), "{\"label\": \"cosmic_ray\"}");

    CliRun run = CliRun.run("eval", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("weird/case.json has an unknown label: cosmic_ray");
  }

  private static JsonNode runJson() throws Exception {
    CliRun run = CliRun.run("eval", CASES, "--format", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return new ObjectMapper().readTree(run.out());
  }
}
