package ai.rodytech.healer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** Writes case folders for `healer replay` tests: case.json from a few fields, build.log from a fixture. */
final class ReplayCases {
  static final String ASSERTION = "replay/failsafe-assertion.log";
  static final String ECONNRESET = "replay/npm-econnreset.log";
  static final String HEAP = "replay/gradle-heap.log";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private int count;

  ReplayCases(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** A failed run whose log is the fixture {@code log}, labelled {@code label}. */
  ReplayCases failed(String log, String label, Consumer<ObjectNode> fields) {
    ObjectNode json = JSON.createObjectNode();
    json.put("label", label);
    json.put("exit_code", HEAP.equals(log) ? 137 : 1);
    fields.accept(json);
    Path folder = write(json);
    try (InputStream in = Objects.requireNonNull(ReplayCases.class.getClassLoader().getResourceAsStream(log))) {
      Files.write(folder.resolve("build.log"), in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  ReplayCases passed(Consumer<ObjectNode> fields) {
    ObjectNode json = JSON.createObjectNode();
    json.put("outcome", "passed");
    fields.accept(json);
    write(json);
    return this;
  }

  /** A file beside a case's case.json, e.g. a JUnit report. */
  Path file(String caseName, String name, String content) throws IOException {
    Path file = dir.resolve(caseName).resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  String lastCase() {
    return String.format("case-%02d", count);
  }

  private Path write(ObjectNode json) {
    count++;
    Path folder = dir.resolve(lastCase());
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("case.json"), JSON.writeValueAsString(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return folder;
  }

  /** A policy file for the pipeline with the article's strategies and these safety checks. */
  static Path policy(Path dir, int failureThreshold, int maxRetries, String extra) throws IOException {
    return Files.writeString(dir.resolve("policy.yaml"), String.join("\n", List.of(
        "apiVersion: rodytech.ai/v1alpha1",
        "kind: PipelineRecoveryPolicy",
        "metadata:",
        "  name: candidate",
        "spec:",
        "  targetPipeline: web",
        "  failureThreshold: " + failureThreshold,
        "  allowedStrategies: [retry_stage, increase_memory, patch_dependency_version]",
        "  safetyChecks:",
        "    maxRetries: " + maxRetries,
        "    cooldownSeconds: 0",
        extra)) + "\n");
  }
}
