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

/** The guardrail: which pipeline the healer may heal, with which strategies, under which safety checks. */
@Group(PipelineRecoveryPolicy.GROUP)
@Version(PipelineRecoveryPolicy.VERSION)
// Given, not derived: fabric8 would otherwise pluralize the class name with regexes in every constructor.
@Plural("pipelinerecoverypolicies")
@Singular("pipelinerecoverypolicy")
@ShortNames("prp")
@Categories("healer")
@AdditionalPrinterColumn(name = "Pipeline", jsonPath = ".spec.targetPipeline", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Heals", jsonPath = ".status.healsSucceeded", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Pages", jsonPath = ".status.pagesSent", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last Incident", jsonPath = ".status.lastIncident", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription(
    "A guardrail for one CI pipeline: when its runs fail, which healing strategies Pipeline Healer may use"
        + " (retry, more memory, a pinned dependency), under which safety checks, and whom to alert otherwise.")
public class PipelineRecoveryPolicy extends CustomResource<PolicySpec, PolicyStatus> implements Namespaced {
  public static final String GROUP = "rodytech.ai";
  public static final String VERSION = "v1alpha1";

  // Overridden only to describe spec and status in the CRD (kubectl explain).
  @Override
  @JsonPropertyDescription("What the healer may do for the target pipeline, and the checks every change must pass.")
  public PolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the healer observed and did for the target pipeline. Written only by the operator.")
  public PolicyStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected PolicyStatus initStatus() {
    return new PolicyStatus();
  }
}
