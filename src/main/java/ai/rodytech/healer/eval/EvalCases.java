package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Category;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads a folder of cases: every sub-folder holding both build.log and case.json, in name order. */
public final class EvalCases {
  public static final String LOG = "build.log";
  public static final String CASE = "case.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private EvalCases() {}

  /** Throws IllegalArgumentException naming the case when a case.json is unreadable or has an unknown label. */
  public static List<EvalCase> load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a directory of cases");
    }
    List<Path> folders;
    try (Stream<Path> entries = Files.list(dir)) {
      folders = entries
          .filter(Files::isDirectory)
          .filter(p -> Files.isRegularFile(p.resolve(LOG)) && Files.isRegularFile(p.resolve(CASE)))
          .sorted()
          .toList();
    }
    List<EvalCase> cases = new ArrayList<>();
    for (Path folder : folders) {
      cases.add(read(folder));
    }
    return cases;
  }

  private static EvalCase read(Path folder) throws IOException {
    String name = folder.getFileName().toString();
    JsonNode json;
    try {
      json = JSON.readTree(folder.resolve(CASE).toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(name + "/" + CASE + " is not valid JSON: " + e.getMessage(), e);
    }
    String labelText = json.path("label").asText(null);
    Category label = Category.fromWireName(labelText).orElseThrow(() ->
        new IllegalArgumentException(name + "/" + CASE + " has an unknown label: " + labelText));
    JsonNode exit = json.get("exit_code");
    Integer exitCode = exit == null || exit.isNull() ? null : exit.asInt();
    String project = json.path("project").asText("");
    return new EvalCase(name, label, exitCode, folder.resolve(LOG), project.isBlank() ? name : project);
  }
}
