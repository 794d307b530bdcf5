package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The difference between a failed run and the run proposed to replace it.
 *
 * @param before the failed run as its kind compares it (no status, no server-set metadata)
 * @param after the proposed run, the same way
 * @param layout where the run kind keeps its workloads, pod-level settings and volumes
 * @param changedPaths JSON-pointer paths of every leaf that differs, e.g.
 *     /spec/template/spec/containers/0/resources/limits/memory
 * @param unifiedDiff a readable unified diff of the two as YAML
 * @param changedLines changed lines counted for the size limit (added plus removed, healer metadata excluded)
 */
public record ChangeSet(
    JsonNode before, JsonNode after, RunLayout layout, List<String> changedPaths, String unifiedDiff,
    int changedLines) {

  public ChangeSet {
    changedPaths = List.copyOf(changedPaths);
  }
}
