package ai.rodytech.healer.llm;

import static ai.rodytech.healer.llm.ScriptedLlmServer.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.cli.HealerCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `healer diagnose --brain llm|hybrid` and `healer bench tokens`, run as a user runs them. */
class LlmCliTest {
  private final ScriptedLlmServer server = ScriptedLlmServer.start();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  private int healer(String... args) {
    return new CommandLine(new HealerCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  private Path log(String resource) throws IOException {
    return Files.writeString(dir.resolve("build.log"), Snapshots.resource(resource));
  }

  @Test
  void diagnoseWithTheLlmBrainPrintsTheRulesKeysPlusBrainAndTokens() throws IOException {
    server.enqueue(Reply.ok(Wire.openAiToolCalls(812, 41, Wire.call("increase_memory",
        "{\"newLimit\":\"2Gi\",\"category\":\"oom\",\"confidence\":0.9,\"reason\":\"killed while exporting\"}"))));

    int exit = healer("diagnose", log("llm/oom-maven.log").toString(), "--exit-code", "137", "--format", "json",
        "--brain", "llm", "--provider", "openai", "--base-url", server.url("/v1"), "--model", "qwen2.5-coder");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode json = Wire.read(out.toString());
    assertThat(json.fieldNames()).toIterable().containsExactly("category", "strategy", "confidence", "summary",
        "evidence", "failingTests", "brain", "tokensIn", "tokensOut");
    assertThat(json.path("brain").asText()).isEqualTo("llm");
    assertThat(json.path("strategy").asText()).isEqualTo("increase_memory");
    assertThat(json.path("tokensIn").asInt()).isEqualTo(812);
    assertThat(json.path("tokensOut").asInt()).isEqualTo(41);
    assertThat(Wire.read(server.requests().get(0).body()).path("model").asText()).isEqualTo("qwen2.5-coder");
  }

  @Test
  void hybridLeavesAFailureTheRulesKnowToTheRules() throws IOException {
    int exit = healer("diagnose", log("llm/oom-maven.log").toString(), "--exit-code", "137", "--reason", "OOMKilled",
        "--format", "json", "--brain", "hybrid", "--provider", "openai", "--base-url", server.url("/v1"));

    assertThat(exit).as(err.toString()).isZero();
    JsonNode json = Wire.read(out.toString());
    assertThat(json.path("category").asText()).isEqualTo("oom");
    assertThat(json.path("brain").asText()).isEqualTo("rules");
    assertThat(json.path("tokensIn").asInt()).isZero();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anLlmBrainWithoutAProviderIsAClearError() throws IOException {
    int exit = healer("diagnose", log("llm/oom-maven.log").toString(), "--brain", "llm");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--brain llm needs a provider: pass --provider or set HEALER_LLM_PROVIDER");
  }

  @Test
  void theRulesBrainKeepsItsExactKeys() throws IOException {
    int exit = healer("diagnose", log("llm/oom-maven.log").toString(), "--format", "json", "--brain", "rules");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(Wire.read(out.toString()).fieldNames()).toIterable()
        .containsExactly("category", "strategy", "confidence", "summary", "evidence", "failingTests");
  }

  @Test
  void benchTokensComparesOurContextWithTheWholeLog() throws IOException {
    writeCase("oom-export", "llm/oom-maven.log", "oom", 137, 300);
    writeCase("gradle-it", "llm/unclear-gradle.log", "flaky_test", 1, 500);

    int exit = healer("bench", "tokens", dir.toString(), "--per-case");

    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).isEqualTo("case\tours\twhole_log\ttools");
    List<int[]> figures = new ArrayList<>();
    for (String line : lines.subList(1, 3)) {
      String[] cells = line.split("\t");
      figures.add(new int[] {Integer.parseInt(cells[1]), Integer.parseInt(cells[2])});
      assertThat(Integer.parseInt(cells[1])).isBetween(100, 2000);
    }
    double oursMedian = (figures.get(0)[0] + figures.get(1)[0]) / 2.0;
    double wholeMedian = (figures.get(0)[1] + figures.get(1)[1]) / 2.0;
    assertThat(out.toString())
        .contains("2 cases from " + dir)
        .contains(String.format(java.util.Locale.ROOT, "ratio of medians (whole log / ours): %.1fx",
            wholeMedian / oursMedian))
        .contains("target (our median <= 1/20 of the whole log's): " + (oursMedian * 20 <= wholeMedian ? "met" : "NOT met"));
    assertThat(wholeMedian).isGreaterThan(oursMedian * 20);
  }

  /** A case folder as the corpus has them, its log preceded by a long, noisy build. */
  private void writeCase(String name, String resource, String label, int exitCode, int noiseLines) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < noiseLines; i++) {
      log.append("[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/example/lib-").append(i)
          .append("/1.").append(i).append("/lib-").append(i).append("-1.").append(i).append(".jar (").append(i * 7)
          .append(" kB at ").append(300 + i).append(" kB/s)\n");
    }
    log.append(Snapshots.resource(resource));
    Files.writeString(folder.resolve("build.log"), log);
    Files.writeString(folder.resolve("case.json"),
        "{\"label\":\"" + label + "\",\"evidence_lines\":[],\"exit_code\":" + exitCode + "}");
  }
}
