package ai.rodytech.healer.llm;

import static ai.rodytech.healer.llm.LlmTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.IncidentStatus.DiagnosisRecord;
import ai.rodytech.healer.api.IncidentStatus.SnapshotSummary;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.core.redact.SecretSamples;
import ai.rodytech.healer.core.redact.SecretSamples.Sample;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.operator.incident.IncidentRecords;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No kind of secret of redaction/secret-kinds.yaml reaches the LLM request or the incident record: the line
 * is the last of the run's log, and the scripted model repeats it in its reason.
 */
class SecretKindsLlmTest {
  private static final ScriptedLlmServer SERVER = ScriptedLlmServer.start();
  private static final SecretRedactor REDACTOR = new SecretRedactor();
  private static final LlmSettings SETTINGS =
      settings(LlmProvider.OPENAI, SERVER.url("/v1"), Map.of(LlmOption.MAX_CALLS_PER_PIPELINE_PER_HOUR, "1000"));

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  static List<Sample> kinds() {
    return SecretSamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theSecretIsMaskedInTheRequestAndTheIncident(Sample sample) {
    String lastLine = "Error: deploy failed: " + sample.line();
    FailureSnapshot snapshot = Snapshots.withLog("Step 1/3: checkout\n" + lastLine + "\n");
    int before = SERVER.requests().size();
    SERVER.enqueue(ScriptedLlmServer.Reply.ok(Wire.openAiToolCalls(700, 30, alertHumanRepeating(lastLine))));
    TestingBrain rules = new TestingBrain(Diagnosis.of(Category.GENUINE_FAILURE, Action.ALERT_HUMAN, 0.3,
        "deploy failed", List.of(new Evidence(2, lastLine)), List.of(), "rules"));
    LlmBrain brain = new LlmBrain(SETTINGS, ChatModels.create(SETTINGS), rules, REDACTOR,
        new SimpleMeterRegistry(), new MutableClock(), new RecordingSleeper());

    Diagnosis diagnosis = brain.diagnose(snapshot, Snapshots.articlePolicy());

    assertThat(diagnosis.brain()).isEqualTo("llm");
    String body = SERVER.requests().get(before).body();
    Wire.Sent sent = Wire.openAiSent(body);
    assertThat(sent.user()).contains("deploy failed: ").contains("[REDACTED:");
    IncidentRecords records = new IncidentRecords(REDACTOR);
    SnapshotSummary summary = records.summary(snapshot);
    DiagnosisRecord recorded = records.diagnosis(diagnosis);
    assertThat(summary.logExcerpt).contains("deploy failed: ").contains("[REDACTED:");
    assertThat(recorded.summary).contains("deploy failed: ").contains("[REDACTED:");
    sample.secret().forEach(secret -> {
      assertThat(body).doesNotContain(secret);
      assertThat(summary.logExcerpt).doesNotContain(secret);
      assertThat(recorded.summary).doesNotContain(secret);
      assertThat(recorded.evidence).allSatisfy(line -> assertThat(line.text).doesNotContain(secret));
    });
  }

  /** A model that repeats the secret line in its reason, as a model quoting the log would. */
  private static Wire.Call alertHumanRepeating(String line) {
    ObjectNode arguments = Wire.JSON.createObjectNode();
    arguments.put("category", "genuine_failure");
    arguments.put("confidence", 0.8);
    arguments.put("reason", "the deploy step failed at: " + line);
    return Wire.call("alert_human", arguments.toString());
  }
}
