package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The schema of a status condition, only so the CRD describes each field for kubectl explain: the status
 * itself holds fabric8's {@link io.fabric8.kubernetes.api.model.Condition}, which has the same fields but no
 * descriptions. Never instantiated.
 */
public final class ConditionSchema {
  @JsonPropertyDescription("Ready, Invalid or Conflict.")
  public String type;

  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  @JsonPropertyDescription("A CamelCase code for why the condition has its status, for machines and searches.")
  public String reason;

  @JsonPropertyDescription("What is wrong or what holds, for people; for Invalid, one 'field: message' per problem.")
  public String message;

  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  public String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation of the spec the condition was computed from.")
  public Long observedGeneration;

  private ConditionSchema() {}
}
