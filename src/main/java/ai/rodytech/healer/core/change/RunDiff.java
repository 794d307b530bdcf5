package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.myers.MyersDiff;
import com.github.difflib.patch.Patch;
import java.util.List;

/**
 * Computes the {@link ChangeSet} between a failed run and the run proposed to replace it. Both come as their
 * run kind compares them (status and server-set metadata removed, references resolved); this class knows no kind.
 */
public final class RunDiff {
  private static final int CONTEXT_LINES = 3;

  private RunDiff() {}

  /**
   * Lists the changed leaves, writes a unified diff of the two as YAML, and counts its added and removed lines
   * with the healer's own metadata left out.
   */
  public static ChangeSet between(JsonNode before, JsonNode after, RunLayout layout) {
    ObjectNode left = object(before);
    ObjectNode right = object(after);
    List<String> beforeLines = RunYaml.lines(left);
    List<String> afterLines = RunYaml.lines(right);
    Patch<String> patch = diff(beforeLines, afterLines);
    String unified =
        patch.getDeltas().isEmpty()
            ? ""
            : String.join(
                    "\n",
                    UnifiedDiffUtils.generateUnifiedDiff(
                        label(left, "failed run"), label(right, "proposed run"), beforeLines, patch,
                        CONTEXT_LINES))
                + "\n";
    return new ChangeSet(left, right, layout, JsonPaths.changedLeaves(left, right), unified,
        countedLines(left, right, layout, beforeLines, afterLines));
  }

  private static ObjectNode object(JsonNode run) {
    if (!(run instanceof ObjectNode node)) {
      throw new IllegalArgumentException(
          "a run must be a JSON object, got " + (run == null ? "null" : run.getNodeType()));
    }
    return node.deepCopy();
  }

  /** The diff's added and removed lines without the healer's metadata; a run that has none keeps its lines. */
  private static int countedLines(ObjectNode before, ObjectNode after, RunLayout layout, List<String> beforeLines,
      List<String> afterLines) {
    return diff(withoutHealerMetadata(before, layout, beforeLines), withoutHealerMetadata(after, layout, afterLines))
        .getDeltas().stream()
        .mapToInt(d -> d.getSource().size() + d.getTarget().size())
        .sum();
  }

  private static List<String> withoutHealerMetadata(ObjectNode run, RunLayout layout, List<String> lines) {
    ObjectNode work = run.deepCopy();
    HealerMetadata.strip(work, layout);
    return work.equals(run) ? lines : RunYaml.lines(work);
  }

  private static Patch<String> diff(List<String> before, List<String> after) {
    // An explicit algorithm: DiffUtils' default is a static that any library on the classpath may replace.
    return DiffUtils.diff(before, after, new MyersDiff<>());
  }

  private static String label(ObjectNode run, String fallback) {
    JsonNode metadata = run.path("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      name = metadata.path("generateName").asText("");
    }
    return name.isEmpty() ? fallback : name;
  }
}
