package ai.rodytech.healer.api;

import java.util.List;
import java.util.Optional;

/**
 * One document of a policy file, as read by {@link PolicyFileReader}.
 *
 * @param number 1-based position among the file's non-empty documents
 * @param name metadata.name when the document has one
 * @param policy the policy as the typed classes read it, when its shape allowed that
 * @param problems everything wrong with it, structural and semantic; empty when valid
 */
public record PolicyDocument(
    int number, Optional<String> name, Optional<PipelineRecoveryPolicy> policy, List<FieldProblem> problems) {

  public PolicyDocument {
    problems = List.copyOf(problems);
  }

  public boolean isValid() {
    return problems.isEmpty() && policy.isPresent();
  }
}
