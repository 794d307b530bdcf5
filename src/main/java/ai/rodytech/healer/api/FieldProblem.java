package ai.rodytech.healer.api;

/**
 * One thing wrong with a policy, named by its field path ({@code spec.safetyChecks.maxRetries},
 * {@code spec.allowedStrategies[1]}); printed as {@code field: message}.
 */
public record FieldProblem(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
