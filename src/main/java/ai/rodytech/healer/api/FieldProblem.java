package ai.rodytech.healer.api;

/** One problem in a policy, naming the field, e.g. {@code spec.failureThreshold: must be >= 1}. */
public record FieldProblem(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
