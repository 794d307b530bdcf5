package ai.rodytech.healer.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP client under the LangChain4j chat models, with one total deadline per call: connecting, sending,
 * the response headers and the whole body must all be done within it. The JDK client's own request timeout
 * only covers the wait for headers, so a server that sends a byte now and then could hold a call for ever;
 * here the caller stops waiting at the deadline and the exchange is cancelled, which closes the connection.
 * The answer is also bounded in size.
 */
final class DeadlineHttpClient implements HttpClient {
  /** Far above any chat completion with a few hundred output tokens. */
  static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

  private final java.net.http.HttpClient http;
  private final Duration deadline;

  private DeadlineHttpClient(Duration deadline) {
    this.deadline = deadline;
    this.http =
        java.net.http.HttpClient.newBuilder()
            .connectTimeout(deadline)
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    BoundedBody body = new BoundedBody(MAX_RESPONSE_BYTES);
    CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(toJdk(request), info -> body);
    HttpResponse<byte[]> response;
    try {
      response = call.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      abandon(call, body);
      throw new TimeoutException("no complete answer within the deadline of " + deadline);
    } catch (InterruptedException e) {
      abandon(call, body);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the provider", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw new TimeoutException(cause);
      }
      if (cause instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw new IllegalStateException(cause);
    }
    String text = new String(response.body(), StandardCharsets.UTF_8);
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw new HttpException(response.statusCode(), text);
    }
    return SuccessfulHttpResponse.builder()
        .statusCode(response.statusCode())
        .headers(response.headers().map())
        .body(text)
        .build();
  }

  /** Streaming is not used by the healer's chat models. */
  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    listener.onError(new UnsupportedOperationException("streaming is not supported by " + getClass().getSimpleName()));
  }

  /** Stops the exchange: a dripping server must not keep a connection (and a selector's work) for ever. */
  private static void abandon(CompletableFuture<?> call, BoundedBody body) {
    call.cancel(true);
    body.cancel();
  }

  private java.net.http.HttpRequest toJdk(HttpRequest request) {
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      throw new UnsupportedOperationException("multipart requests are not supported");
    }
    java.net.http.HttpRequest.Builder jdk =
        java.net.http.HttpRequest.newBuilder().uri(URI.create(request.url())).timeout(deadline);
    request.headers().forEach((name, values) -> values.forEach(value -> jdk.header(name, value)));
    java.net.http.HttpRequest.BodyPublisher body =
        request.body() == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(request.body());
    return jdk.method(request.method().name(), body).build();
  }

  /** Builds the client; LangChain4j sets both timeouts from the model's timeout, the read one is the deadline. */
  static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout;
    private Duration readTimeout;

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    /** The total deadline of one call. */
    @Override
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public HttpClient build() {
      if (readTimeout == null) {
        throw new IllegalStateException("a deadline is required: set the model's timeout");
      }
      return new DeadlineHttpClient(readTimeout);
    }
  }
}
