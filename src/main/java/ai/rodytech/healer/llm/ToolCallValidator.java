package ai.rodytech.healer.llm;

import static ai.rodytech.healer.llm.HealingTools.CATEGORY;
import static ai.rodytech.healer.llm.HealingTools.CONFIDENCE;
import static ai.rodytech.healer.llm.HealingTools.CONTAINER;
import static ai.rodytech.healer.llm.HealingTools.NEW_LIMIT;
import static ai.rodytech.healer.llm.HealingTools.NEW_VALUE;
import static ai.rodytech.healer.llm.HealingTools.PIN;
import static ai.rodytech.healer.llm.HealingTools.REASON;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.plan.ImageReference;
import ai.rodytech.healer.core.plan.MemoryQuantity;
import ai.rodytech.healer.core.plan.ProposalRules;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the model's tool call into a {@link Proposal}, or says precisely why it cannot be used. Trusts nothing:
 * the tool must exist, the arguments must match the schema that was offered and pass the planner's own
 * {@link ProposalRules} (quantities parse and stay under the ceiling, names exist in the snapshot or the policy).
 * A tool that was not offered (the policy does not allow it) is a malformed answer; the guard's allowlist check
 * stays the one rule every brain's plan passes.
 */
final class ToolCallValidator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ai.rodytech.healer.core.redact.Redactor REDACTOR =
      new ai.rodytech.healer.core.redact.SecretRedactor();
  private static final int MAX_REASON_CHARS = 300;
  /** A bound on model text kept before redaction; far above what maxOutputTokens lets a model write. */
  private static final int MAX_UNREDACTED_CHARS = 64 * 1024;
  private static final Map<Action, Set<String>> PARAMETERS =
      Map.of(
          Action.RETRY_STAGE, Set.of(CATEGORY, CONFIDENCE, REASON),
          Action.ALERT_HUMAN, Set.of(CATEGORY, CONFIDENCE, REASON),
          Action.INCREASE_MEMORY, Set.of(CATEGORY, CONFIDENCE, REASON, CONTAINER, NEW_LIMIT),
          Action.PATCH_DEPENDENCY_VERSION, Set.of(CATEGORY, CONFIDENCE, REASON, CONTAINER, PIN, NEW_VALUE));

  /** A usable tool call: what the model proposes and why. */
  record Proposal(Action action, Category category, double confidence, String reason, Map<String, String> arguments) {}

  /** The outcome of checking the model's answer. */
  sealed interface Verdict {}

  record Accepted(Proposal proposal) implements Verdict {}

  record Rejected(FallbackReason reason, String detail) implements Verdict {}

  private ToolCallValidator() {}

  static Verdict validate(AiMessage message, FailureSnapshot snapshot, BrainContext context) {
    List<ToolExecutionRequest> calls = message == null ? List.of() : message.toolExecutionRequests();
    if (calls == null || calls.isEmpty()) {
      boolean hasText = message != null && message.text() != null && !message.text().isBlank();
      return new Rejected(FallbackReason.NO_TOOL_CALL, hasText ? "no tool call, text only" : "no tool call");
    }
    ToolExecutionRequest first = calls.get(0);
    Optional<Action> action = Action.fromWireName(first.name()).filter(a -> a.wireName().equals(first.name()));
    if (action.isEmpty()) {
      return new Rejected(FallbackReason.UNKNOWN_TOOL, "unknown tool '" + printable(first.name()) + "'");
    }
    // The model is offered only the policy's tools: calling another is a malformed answer, not a proposal. (Were one
    // to get through, the guard's allowlist check refuses it, as for every brain.)
    if (!context.allows(action.get())) {
      return new Rejected(
          FallbackReason.DISALLOWED_TOOL, "tool '" + action.get().wireName() + "' was not offered: the policy does"
              + " not allow it");
    }
    JsonNode arguments;
    try {
      arguments = parseArguments(calls);
    } catch (ConflictException e) {
      return new Rejected(FallbackReason.CONFLICTING_CALLS, e.getMessage());
    } catch (JsonProcessingException e) {
      return invalid(action.get(), "arguments are not valid JSON");
    }
    try {
      return new Accepted(proposal(action.get(), arguments, snapshot, context));
    } catch (IllegalArgumentException e) {
      return invalid(action.get(), e.getMessage());
    }
  }

  /** The arguments of the one call, or of several identical calls (some models repeat themselves). */
  private static JsonNode parseArguments(List<ToolExecutionRequest> calls) throws JsonProcessingException {
    ToolExecutionRequest first = calls.get(0);
    JsonNode firstArguments = JSON.readTree(blankToEmptyObject(first.arguments()));
    for (ToolExecutionRequest other : calls.subList(1, calls.size())) {
      JsonNode otherArguments;
      try {
        otherArguments = JSON.readTree(blankToEmptyObject(other.arguments()));
      } catch (JsonProcessingException e) {
        otherArguments = null;
      }
      if (!Objects.equals(first.name(), other.name()) || !firstArguments.equals(otherArguments)) {
        throw new ConflictException(
            calls.size() + " conflicting tool calls (" + printable(first.name()) + ", " + printable(other.name())
                + ")");
      }
    }
    return firstArguments;
  }

  private static Proposal proposal(Action action, JsonNode args, FailureSnapshot snapshot, BrainContext context) {
    if (args == null || !args.isObject()) {
      throw new IllegalArgumentException("arguments are not a JSON object");
    }
    args.fieldNames().forEachRemaining(name -> {
      if (!PARAMETERS.get(action).contains(name)) {
        throw new IllegalArgumentException("unexpected parameter '" + printable(name) + "'");
      }
    });
    String categoryName = requiredText(args, CATEGORY);
    Category category =
        Category.fromWireName(categoryName)
            .orElseThrow(() -> new IllegalArgumentException("unknown category '" + printable(categoryName) + "'"));
    if (!HealingTools.categoriesFor(action).contains(category.wireName())) {
      throw new IllegalArgumentException("category " + category.wireName() + " does not fit this tool");
    }
    JsonNode confidenceNode = args.get(CONFIDENCE);
    if (confidenceNode == null || !confidenceNode.isNumber()) {
      throw new IllegalArgumentException("confidence must be a number from 0 to 1");
    }
    double confidence = confidenceNode.asDouble();
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence " + confidenceNode + " is outside 0..1");
    }
    String reason = requiredText(args, REASON);
    Map<String, String> arguments =
        switch (action) {
          case RETRY_STAGE, ALERT_HUMAN -> Map.of();
          case INCREASE_MEMORY -> memoryArguments(args, snapshot, context);
          case PATCH_DEPENDENCY_VERSION -> versionArguments(args, snapshot, context);
        };
    // Shortened only once redacted (LlmBrain): a secret cut in half is no longer recognisable.
    return new Proposal(action, category, confidence, bounded(reason, MAX_UNREDACTED_CHARS), arguments);
  }

  /** The planner's rules for a proposed limit (ProposalRules), checked here so a bad one falls back. */
  private static Map<String, String> memoryArguments(JsonNode args, FailureSnapshot snapshot, BrainContext context) {
    Optional<ContainerObservation> container = container(args, snapshot);
    String newLimit = requiredText(args, NEW_LIMIT).trim();
    if (context.memoryCeiling() == null || !MemoryQuantity.isValid(context.memoryCeiling())) {
      throw new IllegalArgumentException("the policy has no readable memory ceiling");
    }
    // Without a limit the request is the best known measure of what the container had, as for the planner.
    String current = container.map(c -> c.memoryLimit() != null ? c.memoryLimit() : c.memoryRequest()).orElse(null);
    ProposalRules.memoryLimit(newLimit, current, MemoryQuantity.parseBytes(context.memoryCeiling()))
        .ifPresent(problem -> {
          throw new IllegalArgumentException(problem);
        });
    Map<String, String> arguments = new LinkedHashMap<>();
    container.ifPresent(c -> arguments.put(CONTAINER, c.name()));
    arguments.put(NEW_LIMIT, newLimit);
    return arguments;
  }

  /** The planner's rules for a proposed version (ProposalRules), checked here so a bad one falls back. */
  private static Map<String, String> versionArguments(JsonNode args, FailureSnapshot snapshot, BrainContext context) {
    String newValue = requiredText(args, NEW_VALUE).trim();
    Map<String, String> arguments = new LinkedHashMap<>();
    if (args.hasNonNull(PIN)) {
      String pin = requiredText(args, PIN);
      Optional<ContainerObservation> container =
          args.hasNonNull(CONTAINER)
              ? container(args, snapshot)
              : snapshot.containers().stream().filter(c -> c.env().containsKey(pin)).findFirst();
      // A log read alone (the CLI) knows no containers: the pin's own rules still hold.
      ContainerObservation judged = container.orElse(snapshot.containers().isEmpty()
          ? new ContainerObservation("", "", null, null, null, null, null, Map.of(pin, ""), false) : null);
      ProposalRules.versionPin(pin, newValue, context.versionPins(), judged).ifPresent(problem -> {
        throw new IllegalArgumentException(problem);
      });
      container.ifPresent(c -> arguments.put(CONTAINER, c.name()));
      arguments.put(PIN, pin);
      arguments.put(NEW_VALUE, newValue);
      return arguments;
    }
    Optional<ContainerObservation> container = container(args, snapshot);
    if (ImageReference.parse(newValue).isEmpty()) {
      throw new IllegalArgumentException("newValue '" + printable(newValue) + "' is not an image reference");
    }
    if (container.isPresent()) {
      ProposalRules.image(newValue, container.get()).ifPresent(problem -> {
        throw new IllegalArgumentException(problem);
      });
      arguments.put(CONTAINER, container.get().name());
    }
    arguments.put(NEW_VALUE, newValue);
    return arguments;
  }

  /**
   * The named container, which must exist in the snapshot; required when the snapshot knows containers, empty
   * only when none was named and none is known (a log read by the CLI).
   */
  private static Optional<ContainerObservation> container(JsonNode args, FailureSnapshot snapshot) {
    if (!args.hasNonNull(CONTAINER)) {
      if (!snapshot.containers().isEmpty()) {
        throw new IllegalArgumentException("container is missing");
      }
      return Optional.empty();
    }
    String name = requiredText(args, CONTAINER);
    return Optional.of(
        snapshot.container(name)
            .orElseThrow(() -> new IllegalArgumentException("container '" + printable(name) + "' is not in the run")));
  }

  private static String requiredText(JsonNode args, String name) {
    JsonNode node = args.get(name);
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(name + " is missing");
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new IllegalArgumentException(name + " must be a non-empty string");
    }
    return node.asText();
  }

  private static Rejected invalid(Action action, String detail) {
    return new Rejected(FallbackReason.INVALID_ARGUMENTS, action.wireName() + ": " + detail);
  }

  private static String blankToEmptyObject(String arguments) {
    return arguments == null || arguments.isBlank() ? "{}" : arguments;
  }

  /** The reason as the diagnosis shows it: one line of at most 300 characters. Redact it first. */
  static String shorten(String reason) {
    return bounded(reason, MAX_REASON_CHARS);
  }

  /** Model text quoted in notes and events: one short line, redacted before it is cut (a cut secret is no mask). */
  static String printable(String text) {
    return bounded(text == null ? null : REDACTOR.redact(text), 80);
  }

  private static String bounded(String text, int maxChars) {
    String oneLine = text == null ? "" : text.replaceAll("\\p{Cntrl}+", " ").strip();
    return oneLine.length() <= maxChars ? oneLine : oneLine.substring(0, maxChars - 3) + "...";
  }

  private static final class ConflictException extends RuntimeException {
    ConflictException(String message) {
      super(message);
    }
  }
}
