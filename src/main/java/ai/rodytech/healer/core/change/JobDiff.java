package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.myers.MyersDiff;
import com.github.difflib.patch.Patch;
import java.util.List;

/** Computes the {@link ChangeSet} between a failed Job and the Job proposed to replace it. */
public final class JobDiff {
  private static final int CONTEXT_LINES = 3;

  private JobDiff() {}

  /**
   * Normalizes both Jobs (see {@link JobNormalizer}), then lists the changed leaves, writes a unified diff of the
   * two as YAML, and counts its added and removed lines with the healer's own metadata left out.
   */
  public static ChangeSet between(JsonNode before, JsonNode after) {
    ObjectNode normalizedBefore = JobNormalizer.normalize(before);
    ObjectNode normalizedAfter = JobNormalizer.normalize(after);
    List<String> beforeLines = JobYaml.lines(normalizedBefore);
    List<String> afterLines = JobYaml.lines(normalizedAfter);
    Patch<String> patch = diff(beforeLines, afterLines);
    String unified =
        patch.getDeltas().isEmpty()
            ? ""
            : String.join(
                    "\n",
                    UnifiedDiffUtils.generateUnifiedDiff(
                        label(normalizedBefore, "failed run"),
                        label(normalizedAfter, "proposed run"),
                        beforeLines,
                        patch,
                        CONTEXT_LINES))
                + "\n";
    return new ChangeSet(
        normalizedBefore,
        normalizedAfter,
        JsonPaths.changedLeaves(normalizedBefore, normalizedAfter),
        unified,
        countedLines(normalizedBefore, normalizedAfter));
  }

  private static int countedLines(ObjectNode before, ObjectNode after) {
    ObjectNode workBefore = before.deepCopy();
    ObjectNode workAfter = after.deepCopy();
    HealerMetadata.strip(workBefore);
    HealerMetadata.strip(workAfter);
    return diff(JobYaml.lines(workBefore), JobYaml.lines(workAfter)).getDeltas().stream()
        .mapToInt(d -> d.getSource().size() + d.getTarget().size())
        .sum();
  }

  private static Patch<String> diff(List<String> before, List<String> after) {
    // An explicit algorithm: DiffUtils' default is a static that any library on the classpath may replace.
    return DiffUtils.diff(before, after, new MyersDiff<>());
  }

  private static String label(ObjectNode job, String fallback) {
    JsonNode metadata = job.path("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      name = metadata.path("generateName").asText("");
    }
    return name.isEmpty() ? fallback : name;
  }
}
