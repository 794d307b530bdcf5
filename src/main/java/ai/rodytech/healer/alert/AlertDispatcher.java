package ai.rodytech.healer.alert;

import ai.rodytech.healer.api.AlertSettings;
import ai.rodytech.healer.core.redact.Redactor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an alert to the channels a policy names (Slack, PagerDuty, a JSON webhook), each at most once per
 * dedupKey. It never throws and never makes its caller wait: everything runs on the executor, a broken channel
 * ends as a failure in the result, and the result says what to record so the next call skips what went through.
 */
public final class AlertDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
  private static final String METRIC = "healer.alerts";

  private final Redactor redactor;
  private final Executor executor;
  private final MeterRegistry metrics;
  private final RetryingSender sender;
  private final DeliveryLedger ledger = new DeliveryLedger();

  /**
   * @param http the client requests go through (its connect timeout and proxy apply)
   * @param redactor applied to every text of an alert before it leaves the process
   * @param retry attempts, backoff and per-request timeout
   * @param executor where the work runs; the caller's thread only enqueues it
   * @param metrics where healer_alerts_total{channel,result} is counted; may be null
   */
  public AlertDispatcher(
      HttpClient http, Redactor redactor, RetryPolicy retry, Executor executor, MeterRegistry metrics) {
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.metrics = metrics;
    this.sender =
        new RetryingSender(
            Objects.requireNonNull(http, "http"), Objects.requireNonNull(retry, "retry"), executor,
            Clock.systemUTC());
    // Every series at zero from the start, so that the first failed delivery shows in rate() and alerts.
    if (metrics != null) {
      for (String channel :
          List.of(SlackChannel.KEY, PagerDutyChannel.TRIGGER_KEY, PagerDutyChannel.RESOLVE_KEY, WebhookChannel.KEY)) {
        for (String result : List.of("delivered", "failed", "skipped")) {
          counter(channel, result);
        }
      }
    }
  }

  /**
   * Sends the alert to each channel whose delivery key is not in alreadyDelivered. For a resolved alert only
   * PagerDuty is sent to, a resolve, and only when alreadyDelivered says its trigger went through.
   *
   * @param channels the policy's channels
   * @param secretData the decoded data of the Secret the policy names
   * @param alreadyDelivered delivery keys recorded from earlier results for this dedupKey
   * @return a future that always completes normally
   */
  public CompletableFuture<DispatchResult> send(
      Alert alert, List<AlertSettings.Channel> channels, Map<String, String> secretData,
      Set<String> alreadyDelivered) {
    List<AlertSettings.Channel> requested = distinct(channels);
    Set<String> already = alreadyDelivered == null ? Set.of() : new HashSet<>(alreadyDelivered);
    SecretValues secrets = new SecretValues(secretData);
    try {
      return CompletableFuture.supplyAsync(() -> dispatch(alert, requested, secrets, already), executor)
          .thenCompose(result -> result)
          .exceptionally(
              error -> everyChannelFailed(alert, requested, "unexpected error: " + scrub(secrets).apply(
                  String.valueOf(error.getCause() == null ? error : error.getCause()))));
    } catch (RuntimeException rejected) {
      return CompletableFuture.completedFuture(
          everyChannelFailed(alert, requested, "the alert executor did not accept the work: " + rejected));
    }
  }

  private CompletableFuture<DispatchResult> dispatch(
      Alert alert, List<AlertSettings.Channel> channels, SecretValues secrets, Set<String> already) {
    if (alert == null) {
      return CompletableFuture.completedFuture(everyChannelFailed(null, channels, "no alert was given"));
    }
    Alert outbound = alert.redactedWith(redactor);
    List<CompletableFuture<ChannelResult>> parts = new ArrayList<>();
    for (AlertSettings.Channel channel : channels) {
      parts.add(deliver(alert, outbound, AlertChannel.of(channel), secrets, already));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> collect(parts.stream().map(CompletableFuture::join).toList()));
  }

  private CompletableFuture<ChannelResult> deliver(
      Alert alert, Alert outbound, AlertChannel channel, SecretValues secrets, Set<String> already) {
    String key = channel.deliveryKey(alert);
    Optional<String> skip = skipReason(alert, channel, key, already);
    if (skip.isPresent()) {
      count(key, "skipped");
      LOG.debug("Alert {} not sent to {}: {}", outbound.dedupKey(), key, skip.get());
      return CompletableFuture.completedFuture(ChannelResult.skipped(key, skip.get()));
    }
    UnaryOperator<String> scrub = scrub(secrets);
    OutboundRequest request;
    try {
      request = channel.request(outbound, secrets);
    } catch (UnsendableAlertException | RuntimeException e) {
      String reason = scrub.apply(e instanceof UnsendableAlertException ? e.getMessage() : "could not build: " + e);
      return CompletableFuture.completedFuture(reported(outbound, key, DeliveryOutcome.failed(reason, 0), true));
    }
    DeliveryLedger.Claim claim = ledger.once(alert.dedupKey(), key, () -> sender.post(request, scrub));
    return claim.outcome().thenApply(outcome -> reported(outbound, key, outcome, claim.sentHere()));
  }

  private static Optional<String> skipReason(Alert alert, AlertChannel channel, String key, Set<String> already) {
    if (alert.resolved() && !(channel instanceof PagerDutyChannel)) {
      return Optional.of("a resolve goes only to PagerDuty");
    }
    if (alert.resolved() && !already.contains(PagerDutyChannel.TRIGGER_KEY)) {
      return Optional.of("no PagerDuty trigger was delivered for this dedupKey, so there is nothing to resolve");
    }
    if (already.contains(key)) {
      return Optional.of("already delivered for this dedupKey");
    }
    return Optional.empty();
  }

  private ChannelResult reported(Alert outbound, String key, DeliveryOutcome outcome, boolean sentHere) {
    if (sentHere) {
      count(key, outcome.delivered() ? "delivered" : "failed");
      if (outcome.delivered()) {
        LOG.info("Alert {} delivered to {} ({} attempt(s))", outbound.dedupKey(), key, outcome.attempts());
      } else {
        LOG.warn("Alert {} not delivered to {}: {}", outbound.dedupKey(), key, outcome.reason());
      }
    }
    return outcome.delivered()
        ? ChannelResult.delivered(key)
        : ChannelResult.failed(key, outcome.reason(), outcome.attempts());
  }

  private UnaryOperator<String> scrub(SecretValues secrets) {
    // Secrets first: the redactor may reshape text so that a secret no longer matches verbatim.
    return text -> {
      String masked = secrets.mask(text);
      try {
        return redactor.redact(masked);
      } catch (RuntimeException e) {
        return masked;
      }
    };
  }

  private void count(String channel, String result) {
    if (metrics != null) {
      counter(channel, result).increment();
    }
  }

  private Counter counter(String channel, String result) {
    return Counter.builder(METRIC)
        .description("Alert deliveries by channel and result (delivered, failed, skipped)")
        .tag("channel", channel)
        .tag("result", result)
        .register(metrics);
  }

  private DispatchResult everyChannelFailed(Alert alert, List<AlertSettings.Channel> channels, String reason) {
    List<ChannelResult> results = new ArrayList<>();
    for (AlertSettings.Channel channel : channels) {
      String key =
          alert == null ? channel.name().toLowerCase(Locale.ROOT) : AlertChannel.of(channel).deliveryKey(alert);
      count(key, "failed");
      results.add(ChannelResult.failed(key, reason, 0));
    }
    LOG.warn("Alert {} not dispatched: {}", alert == null ? "(none)" : alert.dedupKey(), reason);
    return collect(results);
  }

  private static DispatchResult collect(List<ChannelResult> results) {
    List<String> delivered = new ArrayList<>();
    List<DispatchResult.Failure> failures = new ArrayList<>();
    List<DispatchResult.Skip> skipped = new ArrayList<>();
    for (ChannelResult r : results) {
      switch (r.kind()) {
        case DELIVERED -> delivered.add(r.channel());
        case FAILED -> failures.add(new DispatchResult.Failure(r.channel(), r.reason(), r.attempts()));
        case SKIPPED -> skipped.add(new DispatchResult.Skip(r.channel(), r.reason()));
      }
    }
    return new DispatchResult(delivered, failures, skipped);
  }

  private static List<AlertSettings.Channel> distinct(List<AlertSettings.Channel> channels) {
    if (channels == null) {
      return List.of();
    }
    Set<AlertSettings.Channel> unique = new LinkedHashSet<>(channels);
    unique.remove(null);
    return List.copyOf(unique);
  }

  /** One channel's part of a result. */
  private record ChannelResult(Kind kind, String channel, String reason, int attempts) {
    enum Kind { DELIVERED, FAILED, SKIPPED }

    static ChannelResult delivered(String channel) {
      return new ChannelResult(Kind.DELIVERED, channel, "", 0);
    }

    static ChannelResult failed(String channel, String reason, int attempts) {
      return new ChannelResult(Kind.FAILED, channel, reason, attempts);
    }

    static ChannelResult skipped(String channel, String reason) {
      return new ChannelResult(Kind.SKIPPED, channel, reason, 0);
    }
  }
}
