package ai.rodytech.healer.core.plan;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.RunRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Snapshots and diagnoses for planner tests, shaped like the build-oom.yaml fixture. */
final class TestSnapshots {
  static final String GOOD_DIGEST = "sha256:" + "a".repeat(64);
  static final String NEW_DIGEST = "sha256:" + "b".repeat(64);
  static final RunRef RUN = new RunRef("Job", "ci", "backend-ci-build-28734561", "uid-1", "backend-ci-build",
      "backend-ci-build-28734561", 0);

  private TestSnapshots() {}

  static ContainerObservation container(String name, String limit, String request) {
    return new ContainerObservation(name, "node:20", null, limit, request, null, null, Map.of(), false);
  }

  static ContainerObservation killed(String name, String limit, String request) {
    return new ContainerObservation(name, "node:20", null, limit, request, 137, "OOMKilled", Map.of(), false);
  }

  static FailureSnapshot snapshot(String failedContainer, ContainerObservation... containers) {
    return new FailureSnapshot(RUN, failedContainer, 137, "OOMKilled", "", List.of(containers), List.of(),
        LogTail.EMPTY, List.of(), Instant.parse("2025-06-02T03:04:12Z"));
  }

  static Diagnosis diagnosis(Category category, Map<String, String> arguments) {
    return new Diagnosis(category, category.expectedAction(), 0.9, "summary of " + category.wireName(), List.of(),
        List.of(), arguments, "test", List.of(), 0, 0);
  }

  /** Diagnosis arguments written as "key=value,key=value", as the CSV tables write them. */
  static Map<String, String> arguments(String pairs) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String pair : pairs.split(",")) {
      String[] kv = pair.split("=", 2);
      out.put(kv[0].trim(), kv[1].trim());
    }
    return out;
  }
}
