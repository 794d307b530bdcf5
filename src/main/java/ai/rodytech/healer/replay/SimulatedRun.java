package ai.rodytech.healer.replay;

import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.RunRef;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job a replayed failure stands for: one container {@code build} with the case's image and memory limit, so that
 * the planner and the guard judge a real change (a retry's metadata, a memory bump, an image pin) as they do in
 * the cluster.
 */
final class SimulatedRun {
  static final String NAMESPACE = "replay";
  static final String CONTAINER = "build";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SimulatedRun() {}

  static ObjectNode job(ReplayCase run) {
    ObjectNode job = JSON.createObjectNode();
    job.put("apiVersion", "batch/v1");
    job.put("kind", "Job");
    ObjectNode meta = job.putObject("metadata");
    meta.put("name", run.name());
    meta.put("namespace", NAMESPACE);
    meta.putObject("labels").put("rodytech.ai/pipeline", run.pipeline());
    ObjectNode podSpec = job.putObject("spec").putObject("template").putObject("spec");
    podSpec.put("restartPolicy", "Never");
    ObjectNode container = podSpec.putArray("containers").addObject();
    container.put("name", CONTAINER);
    container.put("image", run.image());
    container.putObject("resources").putObject("limits").put("memory", run.memoryLimit());
    return job;
  }

  /** The snapshot of a failed run of this Job: its container as the Job says, the case's exit code and log. */
  static FailureSnapshot snapshot(ReplayCase run, JsonNode job, int attempt, LogTail log) {
    List<ContainerObservation> containers = new ArrayList<>();
    for (JsonNode c : job.path("spec").path("template").path("spec").path("containers")) {
      Map<String, String> env = new LinkedHashMap<>();
      c.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
      String memory = c.path("resources").path("limits").path("memory").asText(null);
      containers.add(new ContainerObservation(c.path("name").asText(), c.path("image").asText(),
          run.imageDigests().get(c.path("name").asText()), memory, null, run.exitCode(), null, env, false));
    }
    RunRef ref = new RunRef("Job", NAMESPACE, job.path("metadata").path("name").asText(), run.name() + "#" + attempt,
        run.pipeline(), run.name(), attempt);
    return new FailureSnapshot(ref, CONTAINER, run.exitCode(), null, "", containers, List.of(), log, List.of(),
        run.finished());
  }
}
