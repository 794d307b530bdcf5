package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.alert.AlertDispatcher;
import ai.rodytech.healer.alert.RetryPolicy;
import ai.rodytech.healer.api.AlertSettings;
import ai.rodytech.healer.api.BrainChoice;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.core.redact.JsonText;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.core.redact.SecretSamples;
import ai.rodytech.healer.core.redact.SecretSamples.Sample;
import ai.rodytech.healer.llm.Brains;
import ai.rodytech.healer.llm.LlmSettings;
import ai.rodytech.healer.llm.ScriptedLlmServer;
import ai.rodytech.healer.llm.Wire;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of secret of redaction/secret-kinds.yaml, end to end through one real operator that redacts as
 * `healer run` does: each kind is the failing line of its own Job's log, and must be masked in the incident's
 * status, in the request to the LLM, and in the Slack, PagerDuty and webhook bodies. Each near-miss of
 * redaction/near-misses.txt is the failing line of one more Job and must arrive unchanged in the same five places.
 * Each check also finds the line it looks for, so it cannot pass by leaving the line out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretKindsOperatorTest {
  private static final Map<String, String> BACKEND = Map.of(Labels.PIPELINE, "backend-ci-build");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Sample> kinds = SecretSamples.all();
  private final List<String> nearMisses = SecretSamples.nearMisses().stream().distinct().toList();
  private ScriptedLlmServer llm;
  private LocalReceiver slack;
  private LocalReceiver pagerDuty;
  private LocalReceiver webhook;
  private OperatorHarness h;

  @BeforeAll
  void failEveryKindOnce() {
    llm = ScriptedLlmServer.start();
    slack = new LocalReceiver();
    pagerDuty = new LocalReceiver();
    webhook = new LocalReceiver();
    int runs = kinds.size() + nearMisses.size();
    IntStream.range(0, runs).forEach(i -> llm.enqueue(ScriptedLlmServer.Reply.ok(Wire.openAiToolCalls(700, 30,
        Wire.call("alert_human", "{\"category\":\"genuine_failure\",\"confidence\":0.8,"
            + "\"reason\":\"the deploy step failed\"}")))));
    SecretRedactor redactor = new SecretRedactor();
    Optional<LlmSettings> settings = LlmSettings.fromEnvironment(Map.of("HEALER_LLM_PROVIDER", "openai",
        "HEALER_LLM_BASE_URL", llm.url("/v1"), "HEALER_LLM_MAX_RETRIES", "0",
        "HEALER_LLM_MAX_CALLS_PER_PIPELINE_PER_HOUR", "1000"));
    Brains brains = Brains.create(settings, new RulesBrain(SignatureCatalog.load(List.of()), redactor), redactor,
        new SimpleMeterRegistry());
    AlertDispatcher alerts = new AlertDispatcher(HttpClient.newHttpClient(), redactor,
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)),
        Executors.newFixedThreadPool(2), new SimpleMeterRegistry());
    h = new OperatorHarness(brains.forChoice(BrainChoice.LLM), alerts, redactor);
    h.client.resource(new SecretBuilder().withNewMetadata().withName("healer-alerts").withNamespace(OperatorHarness.NS)
        .endMetadata()
        .addToStringData("slack-webhook-url", slack.url("/services/T0/B0/SlackPath"))
        .addToStringData("webhook-url", webhook.url("/hook/WebhookPath"))
        .addToStringData("pagerduty-routing-key", "R0UTINGKEYfake0123456789abcdef01")
        .addToStringData("pagerduty-events-url", pagerDuty.url("/v2/enqueue"))
        .build()).create();
    h.applyPolicy("/policies/seed.yaml", p -> {
      p.getSpec().setFailureThreshold(1);
      p.getSpec().getSafetyChecks().setCooldownSeconds(0);
      p.getSpec().setBrain(BrainChoice.LLM);
      AlertSettings channels = new AlertSettings();
      channels.setSecretName("healer-alerts");
      channels.setChannels(List.of(AlertSettings.Channel.SLACK, AlertSettings.Channel.PAGERDUTY,
          AlertSettings.Channel.WEBHOOK));
      p.getSpec().setAlerts(channels);
    });
    // Fail the runs once the operator knows the policy: a run that ends before that is not the subject here.
    await().atMost(Duration.ofSeconds(30)).until(() -> h.policy("backend-build-healer").getStatus() != null);
    for (int i = 0; i < kinds.size(); i++) {
      failedJobWithLog(i, kinds.get(i).line());
    }
    for (int j = 0; j < nearMisses.size(); j++) {
      failedJobWithLog(kinds.size() + j, nearMisses.get(j));
    }
    await().atMost(Duration.ofSeconds(120)).until(() -> IntStream.range(0, runs).allMatch(i -> alerted(run(i))));
  }

  @AfterAll
  void stop() {
    if (h != null) {
      h.close();
    }
    llm.close();
    slack.close();
    pagerDuty.close();
    webhook.close();
  }

  List<Sample> kinds() {
    return kinds;
  }

  List<String> nearMisses() {
    return nearMisses;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theSecretIsMaskedInEverySink(Sample sample) {
    String arrived = "deploy " + run(kinds.indexOf(sample)) + " failed: ";
    sinks(kinds.indexOf(sample), arrived).forEach((sink, text) -> {
      assertThat(text).as(sink).contains(arrived).contains("[REDACTED:");
      sample.secret().forEach(secret -> assertThat(text).as(sink).doesNotContain(secret));
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nearMisses")
  void aNearMissArrivesUnchangedInEverySink(String line) {
    int i = kinds.size() + nearMisses.indexOf(line);
    // Evidence lines lose their trailing blanks; that is layout, not redaction.
    String unchanged = ("deploy " + run(i) + " failed: " + line).stripTrailing();
    // Slack reads &, < and > as markup, so its channel writes them as entities; that is layout, not redaction.
    String forSlack = unchanged.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    sinks(i, "deploy " + run(i) + " failed: ").forEach((sink, text) ->
        assertThat(text).as(sink).contains(sink.equals("Slack") ? forSlack : unchanged));
  }

  /** What each sink sent or wrote about run i, as text: the bodies that hold marker, and the incident's status. */
  private Map<String, String> sinks(int i, String marker) {
    return Map.of(
        "incident status", json(h.incident(run(i)).getStatus()),
        "LLM request", holding(llmTexts(), marker),
        "Slack", holding(texts(slack.bodies), marker),
        "PagerDuty", holding(texts(pagerDuty.bodies), marker),
        "webhook", holding(texts(webhook.bodies), marker));
  }

  private static String run(int i) {
    // Three digits each, so that no run's name is the start of another's.
    return "backend-ci-build-" + (100 + i);
  }

  /** Fails run i; the last line of its log, the one that ended the run, ends in line. */
  private void failedJobWithLog(int i, String line) {
    String name = run(i);
    String log = "Step 1/3: checkout\nError: deploy " + name + " failed: " + line + "\n";
    // Pod and log first, so that the operator never sees the failed Job without them.
    Job job = h.client.batch().v1().jobs().inNamespace(OperatorHarness.NS)
        .resource(OperatorHarness.template(name, BACKEND)).create();
    String pod = name + "-pod";
    h.client.pods().inNamespace(OperatorHarness.NS).resource(new PodBuilder()
        .withNewMetadata().withName(pod).withNamespace(OperatorHarness.NS)
        .addToLabels("job-name", name).addToLabels("controller-uid", job.getMetadata().getUid()).endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("build")
        .withImage("maven:3.9-eclipse-temurin-17").endContainer().endSpec()
        .build()).create();
    var created = h.client.pods().inNamespace(OperatorHarness.NS).withName(pod).get();
    created.setStatus(new PodStatusBuilder().withPhase("Failed")
        .addNewContainerStatus().withName("build").withImage("maven:3.9-eclipse-temurin-17")
        .withNewState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endState()
        .endContainerStatus().build());
    h.client.pods().inNamespace(OperatorHarness.NS).resource(created).updateStatus();
    h.cluster.podLogs().put(OperatorHarness.NS, pod, "build", log);
    h.finish(job, false);
  }

  private boolean alerted(String run) {
    PipelineIncident incident = h.incident(run);
    IncidentStatus status = incident == null ? null : incident.getStatus();
    return status != null && status.diagnosis != null && "NeedsHuman".equals(status.outcome)
        && webhook.bodies.stream().anyMatch(b -> b.contains(run)) && slack.bodies.stream().anyMatch(b -> b.contains(run))
        && pagerDuty.bodies.stream().anyMatch(b -> b.contains(run));
  }

  private List<String> llmTexts() {
    return texts(llm.requests().stream().map(ScriptedLlmServer.Request::body).toList());
  }

  /** The texts that hold marker, so that the check of one run reads only what carried that run's line. */
  private static String holding(List<String> texts, String marker) {
    return String.join("\n", texts.stream().filter(t -> t.contains(marker)).toList());
  }

  /** Each JSON body as the text of its string values, so a line is found as the log wrote it. */
  private static List<String> texts(List<String> bodies) {
    return bodies.stream().map(JsonText::of).toList();
  }

  private static String json(Object value) {
    try {
      return JsonText.of(JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
