package ai.rodytech.healer.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The guardrail: which pipeline the healer may heal, with which strategies, under which safety checks. */
@Group(PipelineRecoveryPolicy.GROUP)
@Version(PipelineRecoveryPolicy.VERSION)
@ShortNames("prp")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.targetPipeline", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Strategies", jsonPath = ".spec.allowedStrategies", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Heals", jsonPath = ".status.healsSucceeded", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last Outcome", jsonPath = ".status.lastOutcome", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PipelineRecoveryPolicy extends CustomResource<PolicySpec, PolicyStatus> implements Namespaced {
  public static final String GROUP = "rodytech.ai";
  public static final String VERSION = "v1alpha1";

  @Override
  protected PolicyStatus initStatus() {
    return new PolicyStatus();
  }
}
