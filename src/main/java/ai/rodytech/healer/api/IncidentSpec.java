package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Which lineage an incident records. Set once when the incident is created. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IncidentSpec {
  @JsonPropertyDescription("The pipeline the failed run belongs to.")
  private String pipeline;

  @JsonPropertyDescription("The PipelineRecoveryPolicy that governs this incident.")
  private String policy;

  @JsonPropertyDescription("Kind of the failed run: Job, PipelineRun, TaskRun or Workflow.")
  private String runKind;

  @JsonPropertyDescription("The run that started the lineage.")
  private String rootRun;

  @JsonPropertyDescription("The UID of the run that started the lineage: a run re-created under the same name is another lineage.")
  private String rootRunUid;

  @JsonPropertyDescription("The UID of the policy that governs it: a policy deleted and re-created is another policy.")
  private String policyUid;

  public IncidentSpec() {}

  public IncidentSpec(
      String pipeline, String policy, String policyUid, String runKind, String rootRun, String rootRunUid) {
    this.pipeline = pipeline;
    this.policy = policy;
    this.policyUid = policyUid;
    this.runKind = runKind;
    this.rootRun = rootRun;
    this.rootRunUid = rootRunUid;
  }

  public String getRootRunUid() {
    return rootRunUid;
  }

  public void setRootRunUid(String rootRunUid) {
    this.rootRunUid = rootRunUid;
  }

  public String getPolicyUid() {
    return policyUid;
  }

  public void setPolicyUid(String policyUid) {
    this.policyUid = policyUid;
  }

  public String getPipeline() {
    return pipeline;
  }

  public void setPipeline(String pipeline) {
    this.pipeline = pipeline;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  public String getRunKind() {
    return runKind;
  }

  public void setRunKind(String runKind) {
    this.runKind = runKind;
  }

  public String getRootRun() {
    return rootRun;
  }

  public void setRootRun(String rootRun) {
    this.rootRun = rootRun;
  }
}
