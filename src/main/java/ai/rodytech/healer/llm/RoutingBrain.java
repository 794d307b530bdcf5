package ai.rodytech.healer.llm;

import ai.rodytech.healer.api.BrainChoice;
import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.Locale;
import java.util.Optional;

/**
 * Routes a failure to the brain a policy chose. rules: the offline rules alone. llm: the model, with the rules
 * as fallback. hybrid: the rules first, and the model only when the rules say unknown or are unsure, so known
 * failures cost no tokens.
 */
public final class RoutingBrain implements Brain {
  private final BrainChoice choice;
  private final Brain rules;
  private final Optional<LlmBrain> llm;
  private final double confidenceThreshold;

  public RoutingBrain(BrainChoice choice, Brain rules, Optional<LlmBrain> llm, double confidenceThreshold) {
    this.choice = choice;
    this.rules = rules;
    this.llm = llm;
    this.confidenceThreshold = confidenceThreshold;
  }

  @Override
  public Diagnosis diagnose(FailureSnapshot snapshot, BrainContext context) {
    Diagnosis byRules = rules.diagnose(snapshot, context);
    if (choice == BrainChoice.RULES) {
      return byRules;
    }
    if (llm.isEmpty()) {
      return byRules.withNote("brain " + name() + " chosen, but no LLM provider is configured: rules answered");
    }
    if (choice == BrainChoice.LLM) {
      return llm.get().consult(snapshot, context, byRules);
    }
    if (byRules.category() != Category.UNKNOWN && byRules.confidence() >= confidenceThreshold) {
      return byRules;
    }
    return llm.get()
        .consult(snapshot, context, byRules)
        .withNote(String.format(
            Locale.ROOT, "hybrid: rules brain said %s with confidence %.2f (threshold %.2f), so the llm was asked",
            byRules.category().wireName(), byRules.confidence(), confidenceThreshold));
  }

  @Override
  public String name() {
    return choice.name().toLowerCase(Locale.ROOT);
  }
}
