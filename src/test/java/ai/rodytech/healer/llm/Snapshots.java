package ai.rodytech.healer.llm;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.RunRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Failed runs as an observer would hand them to a brain, built from the fixture logs. */
final class Snapshots {
  static final RunRef RUN = new RunRef("Job", "ci", "backend-build-7", "uid-7", "backend-ci-build", "backend-build", 0);

  private Snapshots() {}

  /** A Maven build whose build container was OOM-killed at 512Mi; a sidecar runs beside it. */
  static FailureSnapshot oomKilled() {
    return withLog(resource("llm/oom-maven.log"));
  }

  static FailureSnapshot withLog(String log) {
    return new FailureSnapshot(
        RUN,
        "build",
        137,
        "OOMKilled",
        "Job has reached the specified backoff limit",
        List.of(
            new ContainerObservation(
                "build", "maven:3.9.6-eclipse-temurin-17", null, "512Mi", "256Mi", 137, "OOMKilled",
                Map.of("NODE_VERSION", "18.19.1"), false),
            new ContainerObservation("sidecar", "busybox:1.36", null, "64Mi", "32Mi", null, null, Map.of(), false)),
        List.of(
            "Warning BackOff pod/backend-build-7-x2k9q Back-off restarting failed container",
            "Normal Killing pod/backend-build-7-x2k9q Stopping container build"),
        new LogTail(log, 1, false, "pod backend-build-7-x2k9q/build"),
        List.of(),
        Instant.parse("2025-03-01T02:59:00Z"));
  }

  /** The policy of the article: all three strategies, a 4Gi ceiling, NODE_VERSION pinnable. */
  static BrainContext articlePolicy() {
    return new BrainContext("backend-ci-build", EnumSet.allOf(Action.class), "4Gi", Set.of("NODE_VERSION"));
  }

  /** A cautious policy: retries only. */
  static BrainContext retryOnly() {
    return new BrainContext("backend-ci-build", EnumSet.of(Action.RETRY_STAGE), "4Gi", Set.of());
  }

  static String resource(String path) {
    try (InputStream in = Snapshots.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
