package ai.rodytech.healer.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.sim.InProcessCluster;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 16, points 6 and 7: the log tail keeps the end, and the newest Events are the ones kept. */
class PodReaderTest {
  private static final String NS = "ci";
  private static InProcessCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = InProcessCluster.start();
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  private static Pod pod(String name) {
    return client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewSpec().addNewContainer().withName("build").withImage("maven:3.9").endContainer().endSpec()
        .build()).create();
  }

  @Test
  void theTailKeepsTheLastBytesOfTheLastLinesWhateverTheirLength() {
    Pod pod = pod("long-lines");
    String lines = IntStream.range(0, 300).mapToObj(i -> i + " " + "x".repeat(200)).collect(Collectors.joining("\n"));
    cluster.podLogs().put(NS, "long-lines", "build", lines + "\n[ERROR] the error is on the last line\n");
    PodReader reader = new PodReader(client, Redactor.none(), new LogLimits(100, 4096));

    List<String> missing = new ArrayList<>();
    LogTail tail = reader.log(pod, "build", false, missing);

    assertThat(tail.text()).endsWith("[ERROR] the error is on the last line\n");
    assertThat(tail.text().length()).isLessThanOrEqualTo(4096 + 4);
    assertThat(tail.truncated()).isTrue();
    assertThat(missing).isEmpty();
  }

  @Test
  void aSingleLineLongerThanTheLimitKeepsItsEnd() {
    Pod pod = pod("one-line");
    cluster.podLogs().put(NS, "one-line", "build", "y".repeat(50_000) + " exit status 137\n");
    PodReader reader = new PodReader(client, Redactor.none(), new LogLimits(100, 1024));

    LogTail tail = reader.log(pod, "build", false, new ArrayList<>());

    assertThat(tail.text()).endsWith(" exit status 137\n").startsWith("[…] ");
  }

  /** A pod of one container: its current termination, its last one, and whether it is being deleted. */
  private static Pod ended(Integer exitNow, String reasonNow, Integer exitBefore, String reasonBefore,
      boolean deleting) {
    var status = new io.fabric8.kubernetes.api.model.ContainerStatusBuilder().withName("build");
    if (exitNow != null) {
      status.withNewState().withNewTerminated().withExitCode(exitNow).withReason(reasonNow).endTerminated().endState();
    } else {
      status.withNewState().withNewRunning().endRunning().endState();
    }
    if (exitBefore != null) {
      status.withNewLastState().withNewTerminated().withExitCode(exitBefore).withReason(reasonBefore)
          .endTerminated().endLastState();
    }
    return new PodBuilder().withNewMetadata().withName("p").withDeletionTimestamp(deleting ? "2026-03-01T10:00:00Z"
        : null).endMetadata().withNewStatus().withContainerStatuses(status.build()).endStatus().build();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(nullValues = "-", value = {
    "failed on its own,                      1, Error,   -,   -,         false, 1,   Error,     false, false",
    "SIGTERM while not deleted,              143, Error, -,   -,         false, 143, Error,     false, false",
    "stopped by the deletion,                143, Error, -,   -,         true,  143, Error,     false, true",
    "killed after the grace period,          137, Error, -,   -,         true,  137, Error,     false, true",
    "OOM-killed while being deleted,         137, OOMKilled, -, -,       true,  137, OOMKilled, false, false",
    "stopped after an OOM in place,          143, Error, 137, OOMKilled, true,  137, OOMKilled, true,  false",
    "running after an OOM in place,          -,   -,     137, OOMKilled, false, 137, OOMKilled, true,  false",
  })
  void aContainerStoppedByItsPodsDeletionDidNotFailOnItsOwn(String what, Integer exitNow, String reasonNow,
      Integer exitBefore, String reasonBefore, boolean deleting, int exit, String reason, boolean previous,
      boolean stopped) {
    PodReader.Termination t = PodReader.failed(ended(exitNow, reasonNow, exitBefore, reasonBefore, deleting),
        java.util.Set.of()).orElseThrow();

    assertThat(t).isEqualTo(new PodReader.Termination("build", exit, reason, previous, stopped));
  }

  @Test
  void theNewestEventsAreKeptOldestOfThemFirst() {
    Instant start = Instant.parse("2026-03-01T10:00:00Z");
    for (int i = 0; i < 30; i++) {
      client.v1().events().inNamespace(NS).resource(new EventBuilder().withNewMetadata()
          .withName("build-7." + i).withNamespace(NS).endMetadata()
          .withNewInvolvedObject().withKind("Pod").withName("build-7").withNamespace(NS).endInvolvedObject()
          .withType("Warning").withReason("BackOff").withMessage("event " + i)
          .withFirstTimestamp(start.plusSeconds(i).toString()).withLastTimestamp(start.plusSeconds(i).toString())
          .build()).create();
    }
    PodReader reader = new PodReader(client, Redactor.none(), LogLimits.DEFAULT);

    List<String> events = reader.events(NS, List.of("build-7"), new ArrayList<>());

    assertThat(events).hasSize(20);
    assertThat(events.get(0)).endsWith("event 10");
    assertThat(events.get(19)).endsWith("event 29");
  }
}
