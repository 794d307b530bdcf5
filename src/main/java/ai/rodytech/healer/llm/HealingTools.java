package ai.rodytech.healer.llm;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.snapshot.ContainerObservation;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tools offered to the model: exactly the actions the policy allows, each with a typed, described schema.
 * Every tool also asks for the failure's category and the model's confidence, so one call carries the whole
 * decision. The tools execute nothing: {@link ToolCallValidator} checks the call and the guard decides.
 */
final class HealingTools {
  static final String CATEGORY = "category";
  static final String CONFIDENCE = "confidence";
  static final String REASON = "reason";
  static final String CONTAINER = "container";
  static final String NEW_LIMIT = "newLimit";
  static final String PIN = "pin";
  static final String NEW_VALUE = "newValue";

  private HealingTools() {}

  static List<ToolSpecification> offeredFor(FailureSnapshot snapshot, BrainContext context) {
    List<ToolSpecification> tools = new ArrayList<>();
    for (Action action : Action.values()) {
      if (context.allows(action)) {
        tools.add(tool(action, snapshot, context));
      }
    }
    return List.copyOf(tools);
  }

  private static ToolSpecification tool(Action action, FailureSnapshot snapshot, BrainContext context) {
    JsonObjectSchema.Builder parameters = JsonObjectSchema.builder().additionalProperties(false);
    List<String> required = new ArrayList<>();
    String description =
        switch (action) {
          case RETRY_STAGE ->
              "Run the failed run again, unchanged: transient infrastructure errors, flaky tests, timeouts,"
                  + " a full disk on a shared runner.";
          case INCREASE_MEMORY -> {
            parameters.addProperty(CONTAINER, containerSchema(snapshot, "The container that ran out of memory."));
            parameters.addStringProperty(
                NEW_LIMIT,
                "Memory quantity (e.g. 1536Mi, 2Gi) above the current limit, at most " + context.memoryCeiling()
                    + ".");
            required.add(NEW_LIMIT);
            if (!snapshot.containers().isEmpty()) {
              required.add(CONTAINER);
            }
            yield "Run again with a higher memory limit for the container that ran out of memory.";
          }
          case PATCH_DEPENDENCY_VERSION -> {
            parameters.addProperty(
                CONTAINER, containerSchema(snapshot, "Change this container's image; with pin, the one that sets it."));
            if (!context.versionPins().isEmpty()) {
              parameters.addProperty(
                  PIN,
                  JsonEnumSchema.builder()
                      .enumValues(context.versionPins().stream().sorted().toList())
                      .description("Change this version variable instead of an image.")
                      .build());
            }
            parameters.addStringProperty(
                NEW_VALUE, "Without pin: the full image, same repository, other tag or digest. With pin: the version.");
            required.add(NEW_VALUE);
            yield "Run again with one dependency version set back to a known good value, when an upstream or"
                + " toolchain change broke an unchanged build.";
          }
          case ALERT_HUMAN ->
              "Change nothing and hand the failure to a person: genuine code or test failures, anything unclear"
                  + " or risky.";
        };
    parameters.addProperty(
        CATEGORY, JsonEnumSchema.builder().enumValues(categoriesFor(action)).description("The failure's kind.").build());
    parameters.addNumberProperty(CONFIDENCE, "0 to 1.");
    parameters.addStringProperty(REASON, "One sentence citing the evidence.");
    required.addAll(List.of(CATEGORY, CONFIDENCE, REASON));
    return ToolSpecification.builder()
        .name(action.wireName())
        .description(description)
        .parameters(parameters.required(required).build())
        .build();
  }

  /**
   * The categories a tool heals: a proposal's category and action then always agree, and the schemas stay
   * small. alert_human takes any category (an OOM at the memory ceiling is still an OOM).
   */
  static List<String> categoriesFor(Action action) {
    return Arrays.stream(Category.values())
        .filter(c -> action == Action.ALERT_HUMAN || c.expectedAction() == action)
        .map(Category::wireName)
        .toList();
  }

  private static JsonSchemaElement containerSchema(FailureSnapshot snapshot, String description) {
    List<String> names = snapshot.containers().stream().map(ContainerObservation::name).toList();
    if (names.isEmpty()) {
      return JsonStringSchema.builder().description(description).build();
    }
    return JsonEnumSchema.builder().enumValues(names).description(description).build();
  }
}
