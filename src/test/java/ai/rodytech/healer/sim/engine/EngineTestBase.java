package ai.rodytech.healer.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.sim.InProcessCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/** One in-process cluster per test class, one engine and namespace per test, and the runs the engine finished. */
public abstract class EngineTestBase {
  protected static InProcessCluster cluster;
  protected final List<FinishedEngineRun> finished = new CopyOnWriteArrayList<>();
  protected SimulatedEngine engine;
  protected EngineFixture k8s;

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  /** A namespace named after the test method (cut to 30 characters). */
  protected static String namespaceOf(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName().toLowerCase();
    return name.substring(0, Math.min(30, name.length()));
  }

  /**
   * Waits until the engine has finished {@code runs} runs in all; fails at once when it gave a run up instead (an
   * API error, logged as a warning).
   */
  protected void awaitFinished(int runs) {
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> finished.size() >= runs || engine.finished() > finished.size());
    assertThat(engine.finished()).as("runs the engine gave up (see its warning)").isEqualTo(finished.size());
  }
}
