package ai.rodytech.healer.operator.run.job;

import ai.rodytech.healer.core.change.PodScope;
import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.change.Workload;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch/v1 Job's layout: one pod template, its containers and init containers (workload id = container name),
 * its pod spec as the one pod scope.
 */
public final class JobLayout implements RunLayout {
  public static final JobLayout INSTANCE = new JobLayout();
  static final String POD_SPEC = "/spec/template/spec";
  /** Compiled once: {@code JsonNode.at(String)} parses its pointer at each call, and the guard asks per check. */
  private static final JsonPointer POD_SPEC_POINTER = JsonPointer.compile(POD_SPEC);
  private static final List<String> LISTS = List.of("containers", "initContainers");

  private JobLayout() {}

  @Override
  public List<Workload> workloads(JsonNode job) {
    List<Workload> out = new ArrayList<>();
    for (String list : LISTS) {
      JsonNode array = job.at(POD_SPEC_POINTER).path(list);
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i) instanceof ObjectNode node) {
          out.add(new Workload(node.path("name").asText(""), POD_SPEC + "/" + list + "/" + i, node, "resources"));
        }
      }
    }
    return out;
  }

  @Override
  public List<PodScope> podScopes(JsonNode job) {
    return List.of(new PodScope(POD_SPEC, job.at(POD_SPEC_POINTER)));
  }

  @Override
  public List<String> metadataScopes() {
    return List.of("/metadata", "/spec/template/metadata");
  }
}
