package ai.rodytech.healer.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One logical call to the provider with a bounded number of retries and exponential backoff. LangChain4j's
 * own retries are switched off ({@link ChatModels}) so that this is the only place that decides.
 */
final class RetryingChat {
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final ChatModel model;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Sleeper sleeper;

  RetryingChat(ChatModel model, int maxRetries, Duration initialBackoff, Sleeper sleeper) {
    this.model = model;
    this.maxRetries = maxRetries;
    this.initialBackoff = initialBackoff;
    this.sleeper = sleeper;
  }

  ChatAttempt call(ChatRequest request) {
    Duration backoff = initialBackoff;
    int calls = 0;
    while (true) {
      calls++;
      Problem problem;
      try {
        return new ChatAttempt.Answered(model.chat(request), calls);
      } catch (RuntimeException e) {
        problem = Problem.of(e);
      }
      if (!problem.retriable() || calls > maxRetries) {
        return new ChatAttempt.Failed(problem.reason(), problem.detail() + after(calls), calls);
      }
      try {
        sleeper.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ChatAttempt.Failed(problem.reason(), problem.detail() + after(calls) + ", interrupted", calls);
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  private static String after(int calls) {
    return calls == 1 ? " (1 call)" : " (" + calls + " calls)";
  }

  /** What went wrong with one call, and whether another call could go better. */
  private record Problem(FallbackReason reason, String detail, boolean retriable) {

    static Problem of(RuntimeException e) {
      if (causedBy(e, TimeoutException.class)
          || causedBy(e, HttpTimeoutException.class)
          || causedBy(e, SocketTimeoutException.class)) {
        return new Problem(FallbackReason.TIMEOUT, "timeout", true);
      }
      HttpException http = cause(e, HttpException.class);
      if (http != null) {
        int status = http.statusCode();
        return new Problem(
            FallbackReason.PROVIDER_ERROR, "HTTP " + status, status >= 500 || status == 429 || status == 408);
      }
      if (causedBy(e, JsonProcessingException.class)) {
        return new Problem(FallbackReason.UNREADABLE_RESPONSE, "unreadable answer " + rootName(e), false);
      }
      if (e instanceof NonRetriableException) {
        return new Problem(FallbackReason.PROVIDER_ERROR, e.getClass().getSimpleName(), false);
      }
      if (e instanceof RetriableException || causedBy(e, IOException.class)) {
        return new Problem(FallbackReason.PROVIDER_ERROR, "network error " + rootName(e), true);
      }
      return new Problem(FallbackReason.UNREADABLE_RESPONSE, "unreadable answer " + rootName(e), false);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
      return cause(e, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (type.isInstance(t)) {
          return type.cast(t);
        }
      }
      return null;
    }

    private static String rootName(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return "(" + root.getClass().getSimpleName() + ")";
    }
  }
}
