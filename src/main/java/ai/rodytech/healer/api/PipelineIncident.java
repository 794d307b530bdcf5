package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The auditable record of one failure lineage: what failed, what the brain said, what the guard decided,
 * what was done, and how it ended. Written by the operator; approved or rejected by people via annotations.
 */
@Group(PipelineRecoveryPolicy.GROUP)
@Version(PipelineRecoveryPolicy.VERSION)
// Given, not derived: fabric8 would otherwise pluralize the class name with regexes in every constructor.
@Plural("pipelineincidents")
@Singular("pipelineincident")
@ShortNames({"pinc", "incident"})
@Categories("healer")
@AdditionalPrinterColumn(name = "Pipeline", jsonPath = ".spec.pipeline", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Run", jsonPath = ".spec.rootRun", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Category", jsonPath = ".status.diagnosis.category", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Strategy", jsonPath = ".status.action", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Outcome", jsonPath = ".status.outcome", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription(
    "The auditable record of one failure lineage: what failed, what the brain diagnosed, what the guard decided,"
        + " what was done and how it ended. Written by the operator; approve or reject a pending change with the"
        + " annotations rodytech.ai/approve=true or rodytech.ai/reject=true.")
public class PipelineIncident extends CustomResource<IncidentSpec, IncidentStatus> implements Namespaced {
  public static final String APPROVE_ANNOTATION = "rodytech.ai/approve";
  public static final String REJECT_ANNOTATION = "rodytech.ai/reject";

  // Overridden only to describe spec and status in the CRD (kubectl explain).
  @Override
  @JsonPropertyDescription("Which lineage this incident records; set once when the incident is created.")
  public IncidentSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("The record: snapshot, diagnosis, decisions, actions and outcome. Text here is redacted.")
  public IncidentStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected IncidentStatus initStatus() {
    return new IncidentStatus();
  }
}
