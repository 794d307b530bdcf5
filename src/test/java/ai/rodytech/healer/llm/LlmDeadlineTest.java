package ai.rodytech.healer.llm;

import static ai.rodytech.healer.llm.LlmTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.redact.SecretRedactor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HEALER_LLM_TIMEOUT is one deadline for the whole call (connect, headers, body), over real HTTP against a
 * server that drips its answer: before, a 5 s timeout held 49 s at a byte per 0.1 s, and for ever at a byte
 * per 2 s. The rules brain answers instead, with the reason on the diagnosis, and the connection is closed.
 */
class LlmDeadlineTest {
  private static final Duration DEADLINE = Duration.ofSeconds(1);
  /** Room for a loaded machine; far below what a dripped answer takes (40 s and more). */
  private static final Duration SLACK = Duration.ofMillis(2500);

  /** Loads the classes and the tokenizer once, so that the durations below are the calls' own. */
  @BeforeAll
  static void warmUp() {
    try (ScriptedLlmServer server = ScriptedLlmServer.start()) {
      server.enqueue(ScriptedLlmServer.Reply.ok(Wire.openAiText("warm")));
      brain(server.url("/v1"), 0).diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy());
    }
  }

  static Stream<Arguments> hostileServers() {
    return Stream.of(
        Arguments.of(DrippingServer.Mode.DRIP_BODY, Duration.ofMillis(100)),
        Arguments.of(DrippingServer.Mode.DRIP_BODY, Duration.ofSeconds(2)),
        Arguments.of(DrippingServer.Mode.DRIP_ALL, Duration.ofSeconds(2)),
        Arguments.of(DrippingServer.Mode.DRIP_ALL, Duration.ofMillis(100)),
        Arguments.of(DrippingServer.Mode.SILENT, Duration.ZERO));
  }

  @ParameterizedTest(name = "{0} every {1}")
  @MethodSource("hostileServers")
  void oneDeadlineBoundsTheCallAndTheRulesAnswer(DrippingServer.Mode mode, Duration interval) throws Exception {
    String answer = Wire.openAiToolCalls(700, 30, Wire.call("retry_stage",
        "{\"category\":\"transient_infra\",\"confidence\":0.9,\"reason\":\"the registry timed out\"}"));
    try (DrippingServer server = new DrippingServer(mode, interval, answer)) {
      LlmBrain brain = brain(server.url("/v1"), 0);

      long started = System.nanoTime();
      Diagnosis diagnosis =
          assertTimeoutPreemptively(Duration.ofSeconds(30), () -> brain.diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy()));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took).isLessThan(DEADLINE.plus(SLACK));
      assertThat(diagnosis.brain()).isEqualTo("rules (llm fallback: timeout)");
      assertThat(diagnosis.notes()).anySatisfy(note -> assertThat(note).startsWith("llm fallback: timeout"));
      long hungUp = server.hungUpAt(Duration.ofSeconds(10));
      assertThat(Duration.ofNanos(hungUp - started)).as("connection closed by the client")
          .isLessThan(DEADLINE.plus(interval).plus(SLACK));
    }
  }

  @ParameterizedTest(name = "{0} every {1}")
  @MethodSource("hostileServers")
  void eachRetryHasItsOwnDeadline(DrippingServer.Mode mode, Duration interval) throws Exception {
    try (DrippingServer server = new DrippingServer(mode, interval, Wire.openAiText("never whole"))) {
      LlmBrain brain = brain(server.url("/v1"), 1);

      long started = System.nanoTime();
      Diagnosis diagnosis =
          assertTimeoutPreemptively(Duration.ofSeconds(30), () -> brain.diagnose(Snapshots.oomKilled(), Snapshots.articlePolicy()));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      // Two calls of one deadline each, and the 100 ms backoff of LlmTestSupport between them.
      assertThat(took).isLessThan(DEADLINE.multipliedBy(2).plus(SLACK));
      assertThat(diagnosis.notes()).anySatisfy(note -> assertThat(note).isEqualTo("llm fallback: timeout (2 calls)"));
    }
  }

  private static LlmBrain brain(String baseUrl, int retries) {
    LlmSettings settings = settings(LlmProvider.OPENAI, baseUrl,
        Map.of(LlmOption.TIMEOUT, DEADLINE.toMillis() + "ms", LlmOption.MAX_RETRIES, Integer.toString(retries)));
    return new LlmBrain(settings, ChatModels.create(settings), TestingBrain.saying(Category.OOM, 0.55), new SecretRedactor(),
        new SimpleMeterRegistry(), new MutableClock(), Sleeper.real());
  }
}
