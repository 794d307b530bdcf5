package ai.rodytech.healer.bench;

import ai.rodytech.healer.sim.AdmissionPolicy;
import ai.rodytech.healer.sim.AdmissionRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Timestamps, inside the API server, the two writes the loop benchmark measures between: a run's failure being
 * written (a Job's status turning Failed, a PipelineRun's Succeeded condition False, a Workflow's phase Failed), and
 * the creation of the run of the same kind the healer runs instead (annotated with the run it retries); and, for
 * the pace of whole heals, the incident's status written Healed once that run succeeded. It admits
 * every request: it only watches, as an audit webhook would, so neither side's client-side delays count.
 */
final class WriteClock implements AdmissionPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RETRY_OF = "rodytech.ai/retry-of";
  /** An incident's status once its corrective run succeeded, as the operator's JSON writes it. */
  private static final String HEALED = "\"outcome\":\"Healed\"";

  private final LoopRunKind runKind;
  private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> correctedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> healedAt = new ConcurrentHashMap<>();

  /** A clock of Jobs. */
  WriteClock() {
    this(LoopRunKind.JOB);
  }

  /** A clock of the runs of {@code runKind}; other kinds' writes (TaskRuns, pods) are not its business. */
  WriteClock(LoopRunKind runKind) {
    this.runKind = runKind;
  }

  @Override
  public Optional<String> review(AdmissionRequest request) {
    if (request.kind().equals("PipelineIncident") && !request.dryRun()
        && request.operation() == AdmissionRequest.Operation.UPDATE && request.json().contains(HEALED)) {
      healedAt.putIfAbsent(key(request.namespace(), request.name()), System.nanoTime());
      return Optional.empty();
    }
    if (!request.kind().equals(runKind.kind()) || request.dryRun()) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    if (request.operation() == AdmissionRequest.Operation.UPDATE && runKind.failed(request)) {
      failedAt.putIfAbsent(key(request.namespace(), request.name()), now);
    } else if (request.operation() == AdmissionRequest.Operation.CREATE && request.json().contains(RETRY_OF)) {
      String root = read(request.json()).path("metadata").path("annotations").path(RETRY_OF).asText("");
      if (!root.isEmpty()) {
        correctedAt.putIfAbsent(key(request.namespace(), root), now);
      }
    }
    return Optional.empty();
  }

  /** Latencies of the runs whose failure and correction were both seen, in nanoseconds. */
  List<Long> latencies() {
    return latencies(Long.MIN_VALUE);
  }

  /** The same, counted from {@code notBefore} (System.nanoTime) for the runs that failed before it. */
  List<Long> latencies(long notBefore) {
    List<Long> out = new ArrayList<>();
    failedAt.forEach((run, failed) -> {
      Long corrected = correctedAt.get(run);
      if (corrected != null) {
        out.add(corrected - Math.max(failed, notBefore));
      }
    });
    return out;
  }

  int failures() {
    return failedAt.size();
  }

  int corrections() {
    return correctedAt.size();
  }

  long firstFailure() {
    return failedAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
  }

  long lastFailure() {
    return failedAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** Incidents written Healed: whole heals, the corrective run's success recorded. */
  int heals() {
    return healedAt.size();
  }

  long lastHeal() {
    return healedAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  long lastCorrection() {
    return correctedAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  void reset() {
    failedAt.clear();
    correctedAt.clear();
    healedAt.clear();
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("the API server admitted an object that is not JSON", e);
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
