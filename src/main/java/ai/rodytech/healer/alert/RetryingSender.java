package ai.rodytech.healer.alert;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Posts one prepared request, retrying what may pass on a later try (connect errors, timeouts, 429, 5xx) and
 * nothing else, and says how it ended. It never blocks a thread while waiting: requests are asynchronous and
 * backoffs are scheduled on the executor.
 */
final class RetryingSender {

  private static final int BODY_SNIPPET_LIMIT = 200;
  // Success bodies are never read; error bodies are kept for the reason a person reads.
  private static final HttpResponse.BodyHandler<String> ERROR_BODY_ONLY =
      info -> info.statusCode() / 100 == 2
          ? HttpResponse.BodySubscribers.replacing("")
          : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);

  private final HttpClient http;
  private final RetryPolicy retry;
  private final Executor executor;
  private final Clock clock;

  RetryingSender(HttpClient http, RetryPolicy retry, Executor executor, Clock clock) {
    this.http = http;
    this.retry = retry;
    this.executor = executor;
    this.clock = clock;
  }

  /**
   * Sends until delivered, refused for good, or out of attempts; the future never completes exceptionally.
   *
   * @param scrub applied to every reason, to mask secrets a server or an exception might echo
   */
  CompletableFuture<DeliveryOutcome> post(OutboundRequest request, UnaryOperator<String> scrub) {
    return attempt(request, 1)
        .exceptionally(error -> DeliveryOutcome.failed("unexpected error: " + unwrap(error), 0))
        .thenApply(outcome -> outcome.delivered()
            ? outcome
            : DeliveryOutcome.failed(scrub.apply(outcome.reason()), outcome.attempts()));
  }

  private CompletableFuture<DeliveryOutcome> attempt(OutboundRequest request, int number) {
    CompletableFuture<HttpResponse<String>> response;
    try {
      response = http.sendAsync(httpRequest(request), ERROR_BODY_ONLY);
    } catch (RuntimeException unsendable) {
      response = CompletableFuture.failedFuture(unsendable);
    }
    // A safety net over the request timeout, so the outcome arrives even if the client never times out itself.
    long netMillis = retry.requestTimeout().toMillis() + 1000;
    return response
        .orTimeout(netMillis, TimeUnit.MILLISECONDS)
        .handle((reply, error) -> judge(request, reply, error))
        .thenCompose(verdict -> next(request, number, verdict));
  }

  private CompletableFuture<DeliveryOutcome> next(OutboundRequest request, int number, Verdict verdict) {
    if (verdict.delivered()) {
      return CompletableFuture.completedFuture(DeliveryOutcome.delivered(number));
    }
    if (!verdict.retryable()) {
      return CompletableFuture.completedFuture(DeliveryOutcome.failed("not retried: " + verdict.reason(), number));
    }
    if (number >= retry.attempts()) {
      return CompletableFuture.completedFuture(
          DeliveryOutcome.failed("gave up after " + number + " attempt(s): " + verdict.reason(), number));
    }
    Duration wait = retry.delayAfter(number, verdict.retryAfter());
    Executor later = CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, executor);
    return CompletableFuture.runAsync(() -> {}, later).thenCompose(ignored -> attempt(request, number + 1));
  }

  private HttpRequest httpRequest(OutboundRequest request) {
    return HttpRequest.newBuilder(request.uri())
        .timeout(retry.requestTimeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "pipeline-healer")
        .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8))
        .build();
  }

  private Verdict judge(OutboundRequest request, HttpResponse<String> reply, Throwable error) {
    String target = request.target();
    if (error != null) {
      Throwable cause = unwrap(error);
      if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
        return Verdict.retry(
            "no answer from " + target + " within " + retry.requestTimeout().toMillis() + " ms", Optional.empty());
      }
      if (cause instanceof ConnectException) {
        return Verdict.retry("could not connect to " + target + describe(cause), Optional.empty());
      }
      if (cause instanceof IOException) {
        return Verdict.retry("I/O error talking to " + target + ": " + cause.getClass().getSimpleName()
            + describe(cause), Optional.empty());
      }
      return Verdict.refuse("could not send to " + target + ": " + cause.getClass().getSimpleName() + describe(cause));
    }
    int status = reply.statusCode();
    if (status / 100 == 2) {
      return Verdict.DELIVERED;
    }
    String reason = "HTTP " + status + " from " + target + snippet(reply.body());
    if (status == 429) {
      Optional<String> header = reply.headers().firstValue("Retry-After");
      return Verdict.retry(reason, header.flatMap(h -> RetryAfter.parse(h, clock.instant())));
    }
    return status >= 500 ? Verdict.retry(reason, Optional.empty()) : Verdict.refuse(reason);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    // The JDK client reports a refused connection as a ConnectException wrapped once more.
    if (cause instanceof IOException && cause.getCause() instanceof ConnectException) {
      return cause.getCause();
    }
    return cause;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? "" : " (" + message + ")";
  }

  private static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    return ": " + AlertJson.truncate(body.strip().replaceAll("\\s+", " "), BODY_SNIPPET_LIMIT);
  }

  /** One attempt's judgement. */
  private record Verdict(boolean delivered, boolean retryable, String reason, Optional<Duration> retryAfter) {
    static final Verdict DELIVERED = new Verdict(true, false, "", Optional.empty());

    static Verdict retry(String reason, Optional<Duration> retryAfter) {
      return new Verdict(false, true, reason, retryAfter);
    }

    static Verdict refuse(String reason) {
      return new Verdict(false, false, reason, Optional.empty());
    }
  }
}
