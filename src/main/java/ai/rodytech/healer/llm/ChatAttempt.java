package ai.rodytech.healer.llm;

import dev.langchain4j.model.chat.response.ChatResponse;

/** How asking the provider went, retries included. */
sealed interface ChatAttempt {

  /** Calls made, the first one included. */
  int calls();

  /** The provider answered; the answer may still be unusable. */
  record Answered(ChatResponse response, int calls) implements ChatAttempt {}

  /** No answer: a timeout or an error that retries did not cure. */
  record Failed(FallbackReason reason, String detail, int calls) implements ChatAttempt {}
}
