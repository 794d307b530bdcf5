package ai.rodytech.healer.alert;

import static ai.rodytech.healer.api.AlertSettings.Channel.PAGERDUTY;
import static ai.rodytech.healer.api.AlertSettings.Channel.SLACK;
import static ai.rodytech.healer.api.AlertSettings.Channel.WEBHOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.rodytech.healer.alert.Receiver.Reply;
import ai.rodytech.healer.api.AlertSettings;
import ai.rodytech.healer.core.redact.Redactor;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AlertDispatcherTest {

  private static final String FAKE_TOKEN = "ghp_FAKEtoken0123456789abcdefABCDEF0123";
  private static final Redactor MASK_TOKENS = text -> text.replaceAll("ghp_[A-Za-z0-9]+", "[REDACTED]");
  private static final String ROUTING_KEY = "R0UTINGKEYfake0123456789abcdef01";
  private static final String SLACK_PATH = "/services/T000/B000/SlackSecretPath42";
  private static final String WEBHOOK_PATH = "/hooks/WebhookSecretPath77";
  private static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5));
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger dispatcherLog = (Logger) LoggerFactory.getLogger(AlertDispatcher.class);
  private Receiver slack;
  private Receiver pagerDuty;
  private Receiver webhook;

  @BeforeEach
  void startReceivers() throws IOException {
    slack = Receiver.start();
    pagerDuty = Receiver.start().replies(Reply.of(202, "{\"status\":\"success\"}"));
    webhook = Receiver.start();
    logs.start();
    dispatcherLog.addAppender(logs);
    dispatcherLog.setLevel(Level.DEBUG);
  }

  @AfterEach
  void stop() {
    dispatcherLog.detachAppender(logs);
    dispatcherLog.setLevel(null);
    slack.close();
    pagerDuty.close();
    webhook.close();
    executor.shutdownNow();
  }

  @Test
  void slackGetsReadableTextAndBlocksSayingWhatFailedWhyAndTheEvidence() throws Exception {
    DispatchResult result = send(dispatcher(FAST), alert(), List.of(SLACK), Set.of());

    assertThat(result.delivered()).containsExactly("slack");
    Receiver.Request request = only(slack);
    assertThat(request.path()).isEqualTo(SLACK_PATH);
    assertThat(request.contentType()).isEqualTo("application/json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.path("text").asText())
        .contains("backend-ci-build", "backend-ci-build-7", "team-a", "oom")
        .contains("Container build was OOM-killed three times")
        .contains("memory ceiling 4096Mi reached");
    String blocks = body.path("blocks").toString();
    assertThat(blocks)
        .contains("What failed:", "Why the healer will not act:", "Evidence:")
        .contains("Killed process 4242 (java) total-vm:8123456kB")
        .contains("exit code 137 &lt;OOMKilled&gt;")
        .contains("kubectl describe pipelineincident backend-ci-build-7-oom -n team-a");
    assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("header");
  }

  @Test
  void pagerDutyTriggerCarriesRoutingKeyDedupKeyAndPayload() throws Exception {
    DispatchResult result = send(dispatcher(FAST), alert(), List.of(PAGERDUTY), Set.of());

    assertThat(result.delivered()).containsExactly("pagerduty");
    JsonNode event = JSON.readTree(only(pagerDuty).body());
    assertThat(only(pagerDuty).path()).isEqualTo("/v2/enqueue");
    assertThat(event.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(event.path("event_action").asText()).isEqualTo("trigger");
    assertThat(event.path("dedup_key").asText()).isEqualTo("team-a/backend-ci-build-7-oom");
    JsonNode payload = event.path("payload");
    assertThat(payload.path("summary").asText())
        .startsWith("backend-ci-build run backend-ci-build-7 failed (oom)")
        .contains("memory ceiling 4096Mi reached");
    assertThat(payload.path("source").asText()).isEqualTo("team-a/backend-ci-build");
    assertThat(payload.path("severity").asText()).isEqualTo("critical");
    JsonNode details = payload.path("custom_details");
    assertThat(details.path("incident").asText()).isEqualTo("backend-ci-build-7-oom");
    assertThat(details.path("why_not_acting").asText()).startsWith("memory ceiling 4096Mi reached");
    assertThat(details.path("evidence")).hasSize(3);
  }

  @Test
  void healedIncidentResolvesThePageWithTheSameDedupKeyAndNothingElse() throws Exception {
    AlertDispatcher dispatcher = dispatcher(FAST);
    List<AlertSettings.Channel> all = List.of(SLACK, PAGERDUTY, WEBHOOK);
    DispatchResult triggered = send(dispatcher, alert(), all, Set.of());
    assertThat(triggered.delivered()).containsExactlyInAnyOrder("slack", "pagerduty", "webhook");

    DispatchResult resolved = send(dispatcher, alert().asResolved(), all, new HashSet<>(triggered.delivered()));

    assertThat(resolved.delivered()).containsExactly("pagerduty-resolve");
    assertThat(resolved.skipped())
        .extracting(DispatchResult.Skip::channel)
        .containsExactlyInAnyOrder("slack", "webhook");
    assertThat(pagerDuty.requests()).hasSize(2);
    JsonNode trigger = JSON.readTree(pagerDuty.requests().get(0).body());
    JsonNode resolve = JSON.readTree(pagerDuty.requests().get(1).body());
    assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(resolve.path("dedup_key").asText()).isEqualTo(trigger.path("dedup_key").asText());
    assertThat(slack.requests()).hasSize(1);
    assertThat(webhook.requests()).hasSize(1);
  }

  @Test
  void noResolveWithoutADeliveredTrigger() throws Exception {
    DispatchResult result = send(dispatcher(FAST), alert().asResolved(), List.of(PAGERDUTY), Set.of("slack"));

    assertThat(result.delivered()).isEmpty();
    assertThat(result.skipped())
        .singleElement()
        .satisfies(skip -> {
          assertThat(skip.channel()).isEqualTo("pagerduty-resolve");
          assertThat(skip.reason()).contains("no PagerDuty trigger was delivered");
        });
    assertThat(pagerDuty.requests()).isEmpty();
  }

  @Test
  void webhookGetsTheWholeAlertAsJson() throws Exception {
    DispatchResult result = send(dispatcher(FAST), alert(), List.of(WEBHOOK), Set.of());

    assertThat(result.delivered()).containsExactly("webhook");
    assertThat(only(webhook).path()).isEqualTo(WEBHOOK_PATH);
    JsonNode body = JSON.readTree(only(webhook).body());
    assertThat(body.path("dedupKey").asText()).isEqualTo("team-a/backend-ci-build-7-oom");
    assertThat(body.path("namespace").asText()).isEqualTo("team-a");
    assertThat(body.path("pipeline").asText()).isEqualTo("backend-ci-build");
    assertThat(body.path("run").asText()).isEqualTo("backend-ci-build-7");
    assertThat(body.path("incident").asText()).isEqualTo("backend-ci-build-7-oom");
    assertThat(body.path("category").asText()).isEqualTo("oom");
    assertThat(body.path("summary").asText()).startsWith("Container build was OOM-killed");
    assertThat(body.path("whyNotActing").asText()).startsWith("memory ceiling 4096Mi reached");
    assertThat(body.path("evidence")).hasSize(3);
    assertThat(body.path("severity").asText()).isEqualTo("critical");
    assertThat(body.path("resolved").asBoolean(true)).isFalse();
  }

  @Test
  void tokensAreRedactedFromEveryBody() throws Exception {
    DispatchResult result = send(dispatcher(FAST), alert(), List.of(SLACK, PAGERDUTY, WEBHOOK), Set.of());

    assertThat(result.delivered()).hasSize(3);
    for (Receiver receiver : List.of(slack, pagerDuty, webhook)) {
      assertThat(only(receiver).body()).doesNotContain(FAKE_TOKEN).contains("[REDACTED]");
    }
  }

  @Test
  void secretsNeverAppearInReasonsOrLogsEvenWhenTheServerEchoesThem() throws Exception {
    pagerDuty.replies(Reply.of(400, "{\"status\":\"invalid event\",\"routing_key\":\"" + ROUTING_KEY + "\"}"));
    slack.replies(Reply.of(404, "no_service for " + slack.url(SLACK_PATH)));
    Map<String, String> secrets =
        Map.of(
            "slack-webhook-url", slack.url(SLACK_PATH),
            "pagerduty-routing-key", ROUTING_KEY,
            "pagerduty-events-url", pagerDuty.url("/v2/enqueue"),
            "webhook-url", "ftp://files.example/" + FAKE_TOKEN);

    DispatchResult result =
        send(dispatcher(FAST), alert(), List.of(SLACK, PAGERDUTY, WEBHOOK), secrets, Set.of());

    assertThat(result.failures()).hasSize(3);
    String everything =
        result.failures().toString() + logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(everything)
        .doesNotContain(ROUTING_KEY, SLACK_PATH, "SlackSecretPath42", FAKE_TOKEN)
        .contains("HTTP 400", "HTTP 404", "****", "'webhook-url'", "not an absolute http(s) URL");
  }

  @Test
  void aServerErrorThenSuccessIsDeliveredAfterARetry() throws Exception {
    slack.replies(Reply.of(500, "oops"), Reply.of(200, "ok"));

    DispatchResult result = send(dispatcher(FAST), alert(), List.of(SLACK), Set.of());

    assertThat(result.delivered()).containsExactly("slack");
    assertThat(result.failures()).isEmpty();
    assertThat(slack.requests()).hasSize(2);
    assertThat(slack.requests().get(1).body()).isEqualTo(slack.requests().get(0).body());
  }

  @Test
  void aChannelThatAlwaysFailsIsRecordedAfterEveryAttempt() throws Exception {
    slack.replies(Reply.of(503, "upstream down"));

    DispatchResult result = send(dispatcher(FAST), alert(), List.of(SLACK, WEBHOOK), Set.of());

    assertThat(slack.requests()).hasSize(3);
    assertThat(result.delivered()).containsExactly("webhook");
    assertThat(result.failures())
        .singleElement()
        .satisfies(failure -> {
          assertThat(failure.channel()).isEqualTo("slack");
          assertThat(failure.attempts()).isEqualTo(3);
          assertThat(failure.reason()).contains("gave up after 3 attempt(s)", "HTTP 503", "upstream down");
        });
  }

  @Test
  void aClientErrorIsNotRetried() throws Exception {
    webhook.replies(Reply.of(400, "bad payload"));

    DispatchResult result = send(dispatcher(FAST), alert(), List.of(WEBHOOK), Set.of());

    assertThat(webhook.requests()).hasSize(1);
    assertThat(result.failures())
        .singleElement()
        .satisfies(failure -> {
          assertThat(failure.attempts()).isEqualTo(1);
          assertThat(failure.reason()).contains("not retried", "HTTP 400", "bad payload");
        });
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterButNoLongerThanTheCap() throws Exception {
    pagerDuty.replies(Reply.withHeader(429, "Retry-After", "3600"), Reply.of(202, "{}"));
    RetryPolicy capped = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(200), Duration.ofSeconds(5));

    DispatchResult result = send(dispatcher(capped), alert(), List.of(PAGERDUTY), Set.of());

    assertThat(result.delivered()).containsExactly("pagerduty");
    List<Receiver.Request> requests = pagerDuty.requests();
    assertThat(requests).hasSize(2);
    long gapMillis = TimeUnit.NANOSECONDS.toMillis(requests.get(1).nanoTime() - requests.get(0).nanoTime());
    // at least the cap (the server asked for more), far less than the hour it asked for
    assertThat(gapMillis).isBetween(190L, 10_000L);
  }

  @Test
  void aRefusedConnectionIsAFailureAfterRetries() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> secrets = Map.of("webhook-url", "http://127.0.0.1:" + closedPort + WEBHOOK_PATH);

    DispatchResult result = send(dispatcher(FAST), alert(), List.of(WEBHOOK), secrets, Set.of());

    assertThat(result.failures())
        .singleElement()
        .satisfies(failure -> {
          assertThat(failure.attempts()).isEqualTo(3);
          assertThat(failure.reason())
              .contains("could not connect to http://127.0.0.1:" + closedPort)
              .doesNotContain("WebhookSecretPath77");
        });
  }

  @Test
  void aServerThatNeverAnswersIsATimeoutFailure() throws Exception {
    webhook.replies(Reply.heldThen(200));
    RetryPolicy impatient = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofMillis(300));

    DispatchResult result = send(dispatcher(impatient), alert(), List.of(WEBHOOK), Set.of());

    assertThat(result.failures())
        .singleElement()
        .satisfies(failure -> {
          assertThat(failure.attempts()).isEqualTo(2);
          assertThat(failure.reason()).contains("no answer from http://127.0.0.1:", "within 300 ms");
        });
    assertThat(webhook.requests()).hasSize(2);
  }

  @Test
  void channelsAlreadyDeliveredAreSkipped() throws Exception {
    DispatchResult result =
        send(dispatcher(FAST), alert(), List.of(SLACK, PAGERDUTY, WEBHOOK), Set.of("slack", "pagerduty"));

    assertThat(result.delivered()).containsExactly("webhook");
    assertThat(result.skipped())
        .extracting(DispatchResult.Skip::channel, DispatchResult.Skip::reason)
        .containsExactlyInAnyOrder(
            tuple("slack", "already delivered for this dedupKey"),
            tuple("pagerduty", "already delivered for this dedupKey"));
    assertThat(slack.requests()).isEmpty();
    assertThat(pagerDuty.requests()).isEmpty();
  }

  @Test
  void aMissingSecretKeyIsAClearFailureAndTheOtherChannelsStillGo() throws Exception {
    Map<String, String> secrets = Map.of("slack-webhook-url", slack.url(SLACK_PATH));

    DispatchResult result = send(dispatcher(FAST), alert(), List.of(SLACK, PAGERDUTY, WEBHOOK), secrets, Set.of());

    assertThat(result.delivered()).containsExactly("slack");
    assertThat(result.failures())
        .extracting(DispatchResult.Failure::channel, DispatchResult.Failure::reason, DispatchResult.Failure::attempts)
        .containsExactlyInAnyOrder(
            tuple(
                "pagerduty",
                "the alert Secret has no 'pagerduty-routing-key' key, which the pagerduty channel needs",
                0),
            tuple("webhook", "the alert Secret has no 'webhook-url' key, which the webhook channel needs", 0));
  }

  @Test
  void twoConcurrentSendsOfOneIncidentMakeOneRequest() throws Exception {
    slack.replies(Reply.heldThen(200), Reply.of(200, "ok"));
    AlertDispatcher dispatcher = dispatcher(FAST);

    CompletableFuture<DispatchResult> first = dispatcher.send(alert(), List.of(SLACK), secrets(), Set.of());
    assertThat(slack.awaitFirstRequest()).isTrue();
    CompletableFuture<DispatchResult> second = dispatcher.send(alert(), List.of(SLACK), secrets(), Set.of());
    Thread.sleep(100); // give a second request the chance to go out, which it must not
    slack.release();

    assertThat(first).succeedsWithin(WAIT).extracting(DispatchResult::delivered).asList().containsExactly("slack");
    assertThat(second).succeedsWithin(WAIT).extracting(DispatchResult::delivered).asList().containsExactly("slack");
    assertThat(slack.requests()).hasSize(1);
  }

  @Test
  void aDeliveryMadeEarlierInThisProcessIsNotMadeAgainWhenTheCallerLostItsRecord() throws Exception {
    AlertDispatcher dispatcher = dispatcher(FAST);
    send(dispatcher, alert(), List.of(SLACK), Set.of());

    DispatchResult again = send(dispatcher, alert(), List.of(SLACK), Set.of());

    assertThat(again.delivered()).containsExactly("slack");
    assertThat(slack.requests()).hasSize(1);
  }

  @Test
  void aFailedDeliveryIsTriedAgainOnTheNextCall() throws Exception {
    webhook.replies(Reply.of(400, "bad"), Reply.of(200, "ok"));
    AlertDispatcher dispatcher = dispatcher(FAST);
    assertThat(send(dispatcher, alert(), List.of(WEBHOOK), Set.of()).failures()).hasSize(1);

    DispatchResult again = send(dispatcher, alert(), List.of(WEBHOOK), Set.of());

    assertThat(again.delivered()).containsExactly("webhook");
    assertThat(webhook.requests()).hasSize(2);
  }

  @Test
  void sendOnlyEnqueuesTheWork() {
    Queue<Runnable> queued = new ArrayDeque<>();
    AlertDispatcher dispatcher = new AlertDispatcher(http, MASK_TOKENS, FAST, queued::add, null);

    CompletableFuture<DispatchResult> future = dispatcher.send(alert(), List.of(SLACK), secrets(), Set.of());

    assertThat(future).isNotDone();
    assertThat(slack.requests()).isEmpty();
    queued.forEach(executor::execute);
    assertThat(future).succeedsWithin(WAIT).extracting(DispatchResult::delivered).asList().containsExactly("slack");
  }

  @Test
  void anExecutorThatRefusesWorkGivesFailuresNotExceptions() {
    AlertDispatcher dispatcher =
        new AlertDispatcher(http, MASK_TOKENS, FAST, task -> { throw new RejectedExecutionException("full"); }, null);

    CompletableFuture<DispatchResult> future =
        dispatcher.send(alert(), List.of(SLACK, PAGERDUTY), secrets(), Set.of());

    assertThat(future).isCompleted();
    assertThat(future.join().failures())
        .extracting(DispatchResult.Failure::channel)
        .containsExactly("slack", "pagerduty");
    assertThat(future.join().failures().get(0).reason()).contains("did not accept the work");
  }

  @Test
  void countsEveryDeliveryByChannelAndResult() throws Exception {
    webhook.replies(Reply.of(400, "bad"));
    AlertDispatcher dispatcher = dispatcher(FAST);

    DispatchResult first = send(dispatcher, alert(), List.of(SLACK, PAGERDUTY, WEBHOOK), Set.of());
    send(dispatcher, alert(), List.of(SLACK, PAGERDUTY), new HashSet<>(first.delivered()));

    assertThat(count("slack", "delivered")).isEqualTo(1);
    assertThat(count("pagerduty", "delivered")).isEqualTo(1);
    assertThat(count("webhook", "failed")).isEqualTo(1);
    assertThat(count("slack", "skipped")).isEqualTo(1);
    assertThat(count("pagerduty", "skipped")).isEqualTo(1);
  }

  private double count(String channel, String result) {
    var counter = metrics.find("healer.alerts").tags("channel", channel, "result", result).counter();
    return counter == null ? 0 : counter.count();
  }

  private AlertDispatcher dispatcher(RetryPolicy retry) {
    return new AlertDispatcher(http, MASK_TOKENS, retry, executor, metrics);
  }

  private DispatchResult send(
      AlertDispatcher dispatcher, Alert alert, List<AlertSettings.Channel> channels, Set<String> already) {
    return send(dispatcher, alert, channels, secrets(), already);
  }

  private static DispatchResult send(
      AlertDispatcher dispatcher, Alert alert, List<AlertSettings.Channel> channels, Map<String, String> secrets,
      Set<String> already) {
    CompletableFuture<DispatchResult> future = dispatcher.send(alert, channels, secrets, already);
    assertThat(future).succeedsWithin(WAIT);
    return future.join();
  }

  private Map<String, String> secrets() {
    return Map.of(
        "slack-webhook-url", slack.url(SLACK_PATH),
        "pagerduty-routing-key", ROUTING_KEY,
        "pagerduty-events-url", pagerDuty.url("/v2/enqueue"),
        "webhook-url", webhook.url(WEBHOOK_PATH));
  }

  private static Receiver.Request only(Receiver receiver) {
    assertThat(receiver.requests()).hasSize(1);
    return receiver.requests().get(0);
  }

  static Alert alert() {
    return new Alert(
        "team-a/backend-ci-build-7-oom",
        "team-a",
        "backend-ci-build",
        "backend-ci-build-7",
        "backend-ci-build-7-oom",
        "oom",
        "Container build was OOM-killed three times; last push used token " + FAKE_TOKEN,
        "memory ceiling 4096Mi reached: the next bump would exceed the policy's maxMemory",
        List.of(
            "exit code 137 <OOMKilled>",
            "Killed process 4242 (java) total-vm:8123456kB",
            "GIT_TOKEN=" + FAKE_TOKEN),
        Severity.CRITICAL,
        false);
  }
}
